import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { formatMinorUnits, formatMoney, toMinorUnits } from "./money";

describe("money in minor units", () => {
  it("converts decimal strings exactly, by each currency's exponent", () => {
    expect(toMinorUnits("12.34", "USD")).toBe(1234n);
    expect(toMinorUnits("-0.5", "USD")).toBe(-50n);
    expect(toMinorUnits(".5", "USD")).toBe(50n);
    expect(toMinorUnits("12.", "USD")).toBe(1200n);
    expect(toMinorUnits("+7", "USD")).toBe(700n);
    expect(toMinorUnits("12.340", "USD")).toBe(1234n);
    expect(toMinorUnits("1500", "JPY")).toBe(1500n);
    expect(toMinorUnits("12.345", "KWD")).toBe(12345n);
    expect(toMinorUnits("92233720368547758.07", "USD")).toBe(9223372036854775807n);
    expect(() => toMinorUnits("12.345", "USD")).toThrow('amount "12.345" has more decimals than USD allows (2)');
    expect(() => toMinorUnits("15.5", "JPY")).toThrow(/more decimals than JPY/);
    for (const bad of ["", "1,5", "1e3", "--1", "1.2.3", " . "]) expect(() => toMinorUnits(bad, "USD"), bad).toThrow(/invalid amount/);
  });

  it("formats minor units back to the same decimal string, negatives and zero included", () => {
    expect(formatMinorUnits(1234n, "USD")).toBe("12.34");
    expect(formatMinorUnits(-5n, "USD")).toBe("-0.05");
    expect(formatMinorUnits(0n, "KWD")).toBe("0.000");
    expect(formatMinorUnits(-1500n, "JPY")).toBe("-1500");
    for (const [minor, currency] of [[123456789n, "USD"], [-7n, "KWD"], [42n, "JPY"], [-100n, "EUR"]] as const) {
      expect(formatMinorUnits(minor, currency)).toBe(new Decimal(minor.toString()).dividedBy(new Decimal(10).pow(currency === "JPY" ? 0 : currency === "KWD" ? 3 : 2)).toFixed(currency === "JPY" ? 0 : currency === "KWD" ? 3 : 2));
      expect(toMinorUnits(formatMinorUnits(minor, currency), currency)).toBe(minor);
    }
  });

  it("shows an amount with its currency, at that currency's exponent and no other", () => {
    expect(formatMoney(66110n, "USD")).toBe("661.10 USD");
    expect(formatMoney(0n, "USD")).toBe("0.00 USD");
    expect(formatMoney(180025n, "JPY")).toBe("180025 JPY");
    expect(formatMoney(0n, "JPY")).toBe("0 JPY");
    expect(formatMoney(23870n, "KWD")).toBe("23.870 KWD");
    expect(formatMoney(-5n, "USD")).toBe("-0.05 USD");
  });
});
