/** A bigint (or null) as a query parameter: its decimal text, which Postgres reads exactly. */
export function nullableBigint(value: bigint | null): string | null {
  return value === null ? null : value.toString();
}
