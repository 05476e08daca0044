import { describe, expect, it } from "vitest";
import { currencyExponent, isIsoCurrency, normalizeCurrency } from "./currency";
import { toMinorUnits } from "./money";

describe("ISO 4217 currencies", () => {
  it("normalises the case of a known code and keeps its exponent", () => {
    expect(normalizeCurrency(" usd ")).toBe("USD");
    expect([currencyExponent("jpy"), currencyExponent("USD"), currencyExponent("KWD")]).toEqual([0, 2, 3]);
  });

  it("refuses three letters that are no currency, and the fund, metal and test codes", () => {
    for (const code of ["ZZZ", "ABC", "XXX", "XTS", "XAU", "USN"]) {
      expect(isIsoCurrency(code), code).toBe(false);
      expect(() => normalizeCurrency(code), code).toThrow(`unknown currency code "${code}": not an ISO 4217 currency`);
    }
    expect(() => normalizeCurrency("US")).toThrow('invalid currency code "US"');
    expect(() => toMinorUnits("1.00", "ZZZ")).toThrow("not an ISO 4217 currency");
  });

  it("accepts every currency the processors settle in, and recently withdrawn codes old exports carry", () => {
    for (const code of ["EUR", "GBP", "CAD", "AUD", "CHF", "SEK", "BRL", "MXN", "INR", "HRK", "SLL", "XCG", "ZWG"]) {
      expect(isIsoCurrency(code), code).toBe(true);
    }
  });
});
