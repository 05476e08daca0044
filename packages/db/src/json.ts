/**
 * JSON.stringify that writes bigint as a decimal string: money in payloads and raw records is
 * bigint minor units, which plain JSON.stringify refuses.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? "null";
}
