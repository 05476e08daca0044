import { describe, expect, it } from "vitest";
import { parseAmount, readDigits, splitAmountText } from "./amount-text";

describe("money cells", () => {
  it("reads each locale's way of writing an amount exactly", () => {
    expect(parseAmount("1,234.56", ".", "USD")).toBe(123456n);
    expect(parseAmount("1.234,56", ",", "EUR")).toBe(123456n);
    expect(parseAmount("1234,56", ",", "EUR")).toBe(123456n);
    expect(parseAmount("-30,00", ",", "EUR")).toBe(-3000n);
    expect(parseAmount("1 234,56 €", ",", "EUR")).toBe(123456n);
    expect(parseAmount("1\u202f234,56", ",", "EUR")).toBe(123456n);
    expect(parseAmount("1'234.56", ".", "CHF")).toBe(123456n);
    expect(parseAmount("-$1.75", ".", "USD")).toBe(-175n);
    expect(parseAmount("$-1.75", ".", "USD")).toBe(-175n);
    expect(parseAmount("($20.00)", ".", "USD")).toBe(-2000n);
    expect(parseAmount("\u22125.00", ".", "USD")).toBe(-500n);
    expect(parseAmount("CA$5.00", ".", "CAD")).toBe(500n);
    expect(parseAmount("A$5.00", ".", "AUD")).toBe(500n);
    expect(parseAmount("£3.00", ".", "GBP")).toBe(300n);
    expect(parseAmount("¥1,500", ".", "JPY")).toBe(1500n);
    expect(parseAmount("12.345", ".", "KWD")).toBe(12345n);
    expect(parseAmount("KWD 12.345", ".", "KWD")).toBe(12345n);
    expect(parseAmount("1.500", ",", "JPY")).toBe(1500n);
  });

  it("refuses what it cannot read exactly, naming the cell", () => {
    expect(() => parseAmount("12.345", ".", "USD")).toThrow('"12.345" has more decimals than USD allows (2)');
    expect(() => parseAmount("15.5", ".", "JPY")).toThrow(/more decimals than JPY/);
    expect(() => parseAmount("1,234.56", ",", "USD")).toThrow('"1,234.56" is not a number written with "," as the decimal separator');
    expect(() => parseAmount("1.2.3", ".", "USD")).toThrow(/is not a number written with "\."/);
    expect(() => parseAmount("1,23,456.00", ".", "INR")).toThrow(/is not a number/);
    expect(() => parseAmount("CA$5.00", ".", "USD")).toThrow('"CA$5.00" is written in CAD, but the row is in USD');
    expect(() => parseAmount("€5,00", ",", "GBP")).toThrow(/written in EUR/);
    expect(() => parseAmount("12 apples", ".", "USD")).toThrow(/invalid amount "12 apples"/);
    expect(() => parseAmount("--5", ".", "USD")).toThrow(/invalid amount/);
    expect(() => parseAmount("$5.00 USD", ".", "USD")).toThrow(/a currency marker on both sides/);
    expect(() => parseAmount("  ", ".", "USD")).toThrow("empty");
  });

  it("tells which decimal separators a cell can be read with", () => {
    const readings = (cell: string) => ({ ".": readDigits(splitAmountText(cell).digits, "."), ",": readDigits(splitAmountText(cell).digits, ",") });
    expect(readings("1234,56")).toEqual({ ".": null, ",": "1234.56" });
    expect(readings("1,234.56")).toEqual({ ".": "1234.56", ",": null });
    expect(readings("1.234,56")).toEqual({ ".": null, ",": "1234.56" });
    expect(readings("1,234")).toEqual({ ".": "1234", ",": "1.234" });
    expect(readings("0,123")).toEqual({ ".": null, ",": "0.123" });
    expect(readings("1,234,567")).toEqual({ ".": "1234567", ",": null });
    expect(readings("1500")).toEqual({ ".": "1500", ",": "1500" });
  });
});
