/**
 * Typed two-way converters between engine data and JSON values, each described once so
 * encoding and decoding cannot drift apart. Decoding checks the shape of everything it reads
 * and throws an Error naming the path of the first thing that is wrong ("a.b[2].c").
 */
export interface Codec<T> {
  encode(value: T, path: string): unknown;
  decode(json: unknown, path: string): T;
}

function describe(json: unknown): string {
  if (json === null || json === undefined) return String(json);
  if (Array.isArray(json)) return "an array";
  if (json instanceof Date) return "a Date";
  if (typeof json === "object") return "an object";
  if (typeof json === "string") return JSON.stringify(json.length > 40 ? `${json.slice(0, 40)}…` : json);
  if (typeof json === "bigint") return `bigint ${json.toString()}`;
  if (typeof json === "number" || typeof json === "boolean") return `${typeof json} ${json}`;
  return typeof json;
}

function fail(path: string, expected: string, got: unknown): never {
  throw new Error(`${path || "(root)"}: expected ${expected}, got ${describe(got)}`);
}

function child(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

function isPlainObject(json: unknown): json is Record<string, unknown> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return false;
  const proto = Object.getPrototypeOf(json) as unknown;
  return proto === Object.prototype || proto === null;
}

export const string: Codec<string> = {
  encode: (value) => value,
  decode: (json, path) => (typeof json === "string" ? json : fail(path, "a string", json)),
};

/** A non-negative integer (a count). */
export const count: Codec<number> = {
  encode: (value) => value,
  decode: (json, path) =>
    typeof json === "number" && Number.isSafeInteger(json) && json >= 0 ? json : fail(path, "a non-negative integer", json),
};

const INTEGER = /^(0|-?[1-9][0-9]*)$/;

/** Money: JSON numbers cannot hold every bigint, so a decimal string. */
export const bigint: Codec<bigint> = {
  encode: (value) => value.toString(),
  decode: (json, path) => (typeof json === "string" && INTEGER.test(json) ? BigInt(json) : fail(path, "an integer as a decimal string", json)),
};

/** An instant, as its ISO-8601 UTC string (millisecond precision, like Date itself). */
export const date: Codec<Date> = {
  encode: (value, path) => {
    if (Number.isNaN(value.getTime())) throw new Error(`${path}: invalid Date`);
    return value.toISOString();
  },
  decode: (json, path) => {
    const at = typeof json === "string" ? new Date(json) : null;
    // Only the exact form encode writes, so a decoded date always encodes back to the same text.
    if (at === null || Number.isNaN(at.getTime()) || at.toISOString() !== json) return fail(path, "an ISO-8601 UTC timestamp", json);
    return at;
  },
};

export function nullable<T>(codec: Codec<T>): Codec<T | null> {
  return {
    encode: (value, path) => (value === null ? null : codec.encode(value, path)),
    decode: (json, path) => (json === null ? null : codec.decode(json, path)),
  };
}

export function oneOf<T extends string>(values: readonly T[]): Codec<T> {
  const allowed = new Set<string>(values);
  return {
    encode: (value) => value,
    decode: (json, path) =>
      typeof json === "string" && allowed.has(json) ? (json as T) : fail(path, `one of ${values.join(", ")}`, json),
  };
}

/** A string that `check` accepts; `expected` says what that is in errors. */
export function matching(expected: string, check: (value: string) => boolean): Codec<string> {
  return {
    encode: (value) => value,
    decode: (json, path) => (typeof json === "string" && check(json) ? json : fail(path, expected, json)),
  };
}

export function array<T>(item: Codec<T>): Codec<T[]> {
  return {
    encode: (value, path) => value.map((v, i) => item.encode(v, `${path}[${i}]`)),
    decode: (json, path) => (Array.isArray(json) ? json.map((v, i) => item.decode(v, `${path}[${i}]`)) : fail(path, "an array", json)),
  };
}

/**
 * An object of fixed fields: every field required, no other field allowed. Keys keep the order
 * they had (encode follows the value, decode the text), so a decoded object serialises exactly
 * as the original did.
 */
export function object<T extends object>(fields: { [K in keyof T]-?: Codec<T[K]> }): Codec<T> {
  const codecs = new Map(Object.entries<Codec<unknown>>(fields));
  const convert = (from: Record<string, unknown>, path: string, step: (codec: Codec<unknown>, value: unknown, at: string) => unknown) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(from)) {
      const codec = codecs.get(key);
      if (codec === undefined) throw new Error(`${child(path, key)}: unexpected field`);
      out[key] = step(codec, value, child(path, key));
    }
    for (const key of codecs.keys()) if (!Object.hasOwn(from, key)) throw new Error(`${child(path, key)}: missing`);
    return out;
  };
  return {
    encode: (value, path) => convert(value as Record<string, unknown>, path, (codec, v, at) => codec.encode(v, at)),
    decode: (json, path) =>
      isPlainObject(json) ? (convert(json, path, (codec, v, at) => codec.decode(v, at)) as T) : fail(path, "an object", json),
  };
}

/** An object used as a map; `key` checks each key. */
export function record<T>(key: Codec<string>, value: Codec<T>): Codec<Record<string, T>> {
  return {
    encode: (map, path) => Object.fromEntries(Object.entries(map).map(([k, v]) => [k, value.encode(v, child(path, k))])),
    decode: (json, path) => {
      if (!isPlainObject(json)) return fail(path, "an object", json);
      // fromEntries defines own properties, so no key (not even "__proto__") reaches a prototype.
      return Object.fromEntries(
        Object.entries(json).map(([k, v]) => [key.decode(k, `${child(path, k)} (key)`), value.decode(v, child(path, k))]),
      );
    },
  };
}

/**
 * A value that is JSON already (a record's raw payload), passed through as is. Encoding refuses
 * anything JSON would not give back unchanged (bigint, Date, undefined, NaN), so a decoded
 * record equals the one encoded.
 */
export const json: Codec<unknown> = {
  encode: (value, path) => {
    checkJson(value, path);
    return value;
  },
  decode: (value) => value,
};

function checkJson(value: unknown, path: string): void {
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (Number.isFinite(value) && !Object.is(value, -0)) return;
    throw new Error(`${path}: number ${Object.is(value, -0) ? "-0" : value} is not a JSON value`);
  }
  if (Array.isArray(value)) {
    // Indexed, not forEach: a hole (which JSON turns into null) is checked as undefined.
    for (let i = 0; i < value.length; i++) checkJson(value[i], `${path}[${i}]`);
    return;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) checkJson(item, child(path, key));
    return;
  }
  throw new Error(`${path}: ${describe(value)} is not a JSON value`);
}
