import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { nullableAsJsonSchema } from "./openapi-nullable";

const check = (schema: object, value: unknown): boolean => new Ajv({ strict: false }).compile(nullableAsJsonSchema(schema) as object)(value);

describe("nullableAsJsonSchema", () => {
  it("reads `nullable: true` as the schema or null, beside anyOf, enum or type", () => {
    // Stripe's expandable field: an id or the object, or null.
    const expandable = { anyOf: [{ type: "string" }, { type: "object", required: ["id"] }], nullable: true };
    expect(check(expandable, null)).toBe(true);
    expect(check(expandable, "ch_1")).toBe(true);
    expect(check(expandable, { id: "ch_1" })).toBe(true);
    expect(check(expandable, 12)).toBe(false);
    const reason = { type: "string", enum: ["duplicate", "fraudulent"], nullable: true };
    expect(check(reason, null)).toBe(true);
    expect(check(reason, "fraudulent")).toBe(true);
    expect(check(reason, "other")).toBe(false);
    expect(check({ type: "integer" }, null)).toBe(false);
  });

  it("rewrites nested schemas and leaves a property named nullable alone", () => {
    const schema = { type: "object", properties: { nullable: { type: "string" }, inner: { type: "integer", nullable: true } } };
    expect(nullableAsJsonSchema(schema)).toEqual({
      type: "object",
      properties: { nullable: { type: "string" }, inner: { anyOf: [{ type: "integer" }, { type: "null" }] } },
    });
  });
});
