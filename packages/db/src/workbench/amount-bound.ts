// One rule for an amount range typed by a person over a list that may hold several currencies
// (the breaks list, a run's discrepancies): for one chosen currency the bound must be exact in it
// (toMinorUnits refuses "1.5" JPY), across currencies each currency gets the bound rounded inwards
// in its own minor units, which selects exactly the same rows as the typed value would.

/** An amount as a person types it in major units: digits with an optional decimal point ("12.50", ".5"). */
export const DECIMAL_AMOUNT = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/**
 * A decimal amount in major units (DECIMAL) as whole minor units of a currency with `exponent`
 * decimals, rounded up or down when it has more digits than the currency: minor >= ceil(x) is
 * exactly minor >= x for whole minor units, and minor <= floor(x) exactly minor <= x.
 */
export function minorBound(value: string, exponent: number, rounding: "ceil" | "floor"): bigint {
  const negative = value.startsWith("-");
  const [int = "", fraction = ""] = value.replace(/^[+-]/, "").split(".");
  const magnitude = BigInt(`${int || "0"}${fraction.slice(0, exponent).padEnd(exponent, "0")}`);
  const cut = /[1-9]/.test(fraction.slice(exponent));
  if (!negative) return cut && rounding === "ceil" ? magnitude + 1n : magnitude;
  return cut && rounding === "floor" ? -(magnitude + 1n) : -magnitude;
}

/** Exact comparison of two decimal strings (DECIMAL), by scaling both to whole numbers. */
export function compareDecimals(a: string, b: string): number {
  const scale = Math.max(...[a, b].map((v) => v.split(".")[1]?.length ?? 0));
  const whole = (v: string): bigint => {
    const negative = v.startsWith("-");
    const [int = "", fraction = ""] = v.replace(/^[+-]/, "").split(".");
    const n = BigInt(`${int || "0"}${fraction.padEnd(scale, "0")}`);
    return negative ? -n : n;
  };
  const [x, y] = [whole(a), whole(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}
