import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { nullableAsJsonSchema } from "./openapi-nullable";

/** The processors whose official API descriptions are vendored under `api-descriptions/`. */
export type DescribedApi = "stripe" | "paypal" | "square";

/**
 * One processor's official API description, cut down to the operations and schemas recon relies
 * on (see api-descriptions/README.md for the source and version of each), with validators for
 * what an emulator answers and what a connector asks.
 */
export interface ApiDescription {
  /** Where the fragment comes from, as its `info` names it (repository, path, commit, version). */
  readonly source: string;
  /**
   * Problems with a reply body for `method path` (path as the description writes it, such as
   * `/v2/payouts/{payout_id}/payout-entries`) at `status`; empty when it conforms. A status the
   * operation does not describe is checked against its `default` reply.
   */
  responseProblems(method: string, path: string, status: number, body: unknown): string[];
  /**
   * Problems with a request's query string: a parameter the operation does not describe, a
   * required one missing, or a value its schema refuses (strings are read as the schema's type;
   * `a[b]=1` is an object member and `a[]=x` or `a[0]=x` an array item, as Stripe sends them).
   */
  queryProblems(method: string, path: string, query: URLSearchParams): string[];
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: object;
}

interface Operation {
  parameters?: Array<Parameter | { $ref: string }>;
  responses: Record<string, { content?: Record<string, { schema?: object }> } | { $ref: string }>;
}

interface OpenApiFragment {
  info: { title: string; version: string; "x-source"?: string };
  paths: Record<string, Record<string, Operation>>;
  components: { parameters?: Record<string, Parameter>; responses?: Record<string, unknown> };
}

const DOCUMENT_ID = "api";

/** A JSON pointer token: `/` and `~` escaped as RFC 6901 says. */
const pointerToken = (token: string): string => token.replace(/~/g, "~0").replace(/\//g, "~1");

/** Loads `api-descriptions/<name>.json` and compiles its schemas (formats are annotations only). */
export function loadApiDescription(name: DescribedApi): ApiDescription {
  const text = readFileSync(new URL(`../../api-descriptions/${name}.json`, import.meta.url), "utf8");
  const document = nullableAsJsonSchema(JSON.parse(text)) as OpenApiFragment;
  // OpenAPI 3.0 keywords (nullable, discriminator, x-…) are not JSON Schema's; strict mode would refuse them.
  // Patterns are ECMA-262 without the u flag: processors write escapes (\!) that u-mode refuses.
  const options = { strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false } as const;
  const replies = new Ajv(options);
  replies.addSchema(document, DOCUMENT_ID);
  // Query values arrive as strings: coerced to the schema's type, and a single value to an array.
  const queries = new Ajv({ ...options, coerceTypes: "array" });
  queries.addSchema(document, DOCUMENT_ID);
  const compiled = new Map<string, ValidateFunction>();
  const validatorAt = (ajv: Ajv, pointer: string): ValidateFunction => {
    const key = `${ajv === replies ? "r" : "q"}${pointer}`;
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${pointer}` });
      compiled.set(key, validate);
    }
    return validate;
  };
  const describe = (validate: ValidateFunction): string[] =>
    (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message ?? "is invalid"}${e.params && "allowedValues" in e.params ? ` (${(e.params.allowedValues as unknown[]).join(", ")})` : ""}`);

  const operationOf = (method: string, path: string): { pointer: string; operation: Operation } => {
    const operation = document.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`${document.info.title}: the vendored description has no ${method.toUpperCase()} ${path}`);
    return { pointer: `/paths/${pointerToken(path)}/${method.toLowerCase()}`, operation };
  };

  return {
    source: document.info["x-source"] ?? `${document.info.title} ${document.info.version}`,

    responseProblems(method, path, status, body) {
      const { pointer, operation } = operationOf(method, path);
      const key = String(status) in operation.responses ? String(status) : "default";
      let response = operation.responses[key];
      if (!response) return [`no reply ${status} (nor a default) is described for ${method.toUpperCase()} ${path}`];
      let responsePointer = `${pointer}/responses/${key}`;
      if ("$ref" in response) {
        responsePointer = response.$ref.replace(/^#/, "");
        response = resolve(document, response.$ref) as { content?: Record<string, { schema?: object }> };
      }
      if (!response.content?.["application/json"]?.schema) return [`reply ${key} of ${method.toUpperCase()} ${path} has no JSON schema`];
      const validate = validatorAt(replies, `${responsePointer}/content/application~1json/schema`);
      return validate(body) ? [] : describe(validate);
    },

    queryProblems(method, path, query) {
      const { pointer, operation } = operationOf(method, path);
      const values = readQuery(query);
      const problems: string[] = [];
      const described = new Set<string>();
      (operation.parameters ?? []).forEach((entry, index) => {
        const parameterPointer = "$ref" in entry ? entry.$ref.replace(/^#/, "") : `${pointer}/parameters/${index}`;
        const parameter = "$ref" in entry ? (resolve(document, entry.$ref) as Parameter) : entry;
        if (parameter.in !== "query") return;
        described.add(parameter.name);
        if (!(parameter.name in values)) {
          if (parameter.required) problems.push(`query parameter ${parameter.name} is required`);
          return;
        }
        const validate = validatorAt(queries, `${parameterPointer}/schema`);
        if (!validate(values[parameter.name])) problems.push(...describe(validate).map((p) => `query parameter ${parameter.name}${p.replace(/^\(root\)/, "")}`));
      });
      for (const name of Object.keys(values)) if (!described.has(name)) problems.push(`query parameter ${name} is not in the description`);
      return problems;
    },
  };
}

function resolve(document: unknown, ref: string): unknown {
  let node = document;
  for (const token of ref.replace(/^#\//, "").split("/")) {
    node = (node as Record<string, unknown>)[token.replace(/~1/g, "/").replace(/~0/g, "~")];
    if (node === undefined) throw new Error(`unresolvable $ref ${ref}`);
  }
  return node;
}

/** `a=1&b[c]=2&d[]=x&d[]=y` as `{a: "1", b: {c: "2"}, d: ["x", "y"]}`; a repeated plain name becomes an array. */
function readQuery(query: URLSearchParams): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, value] of query) {
    const member = /^([^[\]]+)\[([^[\]]*)\]$/.exec(key);
    if (!member) {
      const previous = values[key];
      values[key] = previous === undefined ? value : [...(Array.isArray(previous) ? (previous as unknown[]) : [previous]), value];
      continue;
    }
    const [, name, inner] = member as unknown as [string, string, string];
    if (inner === "" || /^\d+$/.test(inner)) {
      const list = Array.isArray(values[name]) ? (values[name] as unknown[]) : [];
      list.push(value);
      values[name] = list;
    } else {
      const object = typeof values[name] === "object" && values[name] !== null && !Array.isArray(values[name]) ? (values[name] as Record<string, unknown>) : {};
      object[inner] = value;
      values[name] = object;
    }
  }
  return values;
}
