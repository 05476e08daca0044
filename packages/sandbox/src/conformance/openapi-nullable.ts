/**
 * OpenAPI 3.0 marks a schema that also admits null with `nullable: true`, a keyword JSON Schema
 * does not have. Ajv understands it only next to `type`, and even then refuses null when the
 * schema has an `enum` without null in it; Stripe's description writes it beside `anyOf` (every
 * expandable field: `{anyOf: [id string, object], nullable: true}`) and beside enums. So each
 * `nullable: true` schema is read as what OpenAPI 3.0 means by it: that schema, or null. The
 * vendored file is untouched; only the loaded copy is rewritten.
 */
export function nullableAsJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableAsJsonSchema);
  if (node === null || typeof node !== "object") return node;
  const rewritten: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) rewritten[key] = nullableAsJsonSchema(value);
  // A boolean true only: a property that happens to be named "nullable" holds a schema object.
  if (rewritten.nullable !== true) return rewritten;
  delete rewritten.nullable;
  return { anyOf: [rewritten, { type: "null" }] };
}
