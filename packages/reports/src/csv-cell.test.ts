import { describe, expect, it } from "vitest";
import { textCell, valueCell } from "./csv-cell";

describe("textCell: formula injection", () => {
  it("prefixes and quotes a cell starting with = + - @, tab or carriage return", () => {
    expect(textCell("=1+1")).toBe(`"'=1+1"`);
    expect(textCell("+1")).toBe(`"'+1"`);
    expect(textCell("-x")).toBe(`"'-x"`);
    expect(textCell("@sum(A1)")).toBe(`"'@sum(A1)"`);
    expect(textCell("\tx")).toBe(`"'\tx"`);
    expect(textCell("\rx")).toBe(`"'\rx"`);
    expect(textCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
  });

  it("finds the trigger after leading spaces, tabs, NBSP and zero-width characters", () => {
    for (const lead of [" ", "   ", "\t", "\u00A0", "\u200B", "\u200C", "\u200D", "\uFEFF", "\u2060", " \u00A0\u200B"]) {
      expect(textCell(`${lead}=1+1`), JSON.stringify(lead)).toBe(`"'${lead}=1+1"`);
    }
    expect(textCell("\u00A0@cmd")).toBe(`"'\u00A0@cmd"`);
  });

  it("treats fullwidth and small-form look-alikes as triggers", () => {
    for (const trigger of ["\uFF1D", "\uFF0B", "\uFF0D", "\uFF20", "\uFE66", "\uFE62", "\uFE63", "\uFE6B"]) {
      expect(textCell(`${trigger}SUM(1)`), trigger).toBe(`"'${trigger}SUM(1)"`);
      expect(textCell(`\u200B${trigger}SUM(1)`), trigger).toBe(`"'\u200B${trigger}SUM(1)"`);
    }
  });

  it("catches a formula after ; or , (a second cell in ;-separated locales) or a line break", () => {
    expect(textCell('x;=HYPERLINK("http://evil")')).toBe(`"'x;=HYPERLINK(""http://evil"")"`);
    expect(textCell("x; =1+1")).toBe(`"'x; =1+1"`);
    expect(textCell("x;\u00A0\uFF1D1+1")).toBe(`"'x;\u00A0\uFF1D1+1"`);
    expect(textCell("x,@cmd")).toBe(`"'x,@cmd"`);
    expect(textCell("x,\u200B-1")).toBe(`"'x,\u200B-1"`);
    expect(textCell("ok\n=1+1")).toBe(`"'ok\n=1+1"`);
  });

  it("leaves ordinary text alone, quoting it only when a separator needs it", () => {
    expect(textCell("txn_123")).toBe("txn_123");
    expect(textCell("a-b+c=d@e")).toBe("a-b+c=d@e");
    expect(textCell("ＡＢＣ 12,50 €")).toBe(`"ＡＢＣ 12,50 €"`);
    expect(textCell("a;b")).toBe(`"a;b"`);
    expect(textCell("a, b")).toBe(`"a, b"`);
    expect(textCell('say "hi"')).toBe(`"say ""hi"""`);
    expect(textCell("")).toBe("");
    expect(textCell(null)).toBe("");
  });
});

describe("valueCell: our own amounts and dates", () => {
  it("keeps negative amounts readable numbers, never prefixed", () => {
    expect(valueCell("-12.50")).toBe("-12.50");
    expect(valueCell("+3")).toBe("+3");
    expect(valueCell("2026-11-24T10:15:00.000Z")).toBe("2026-11-24T10:15:00.000Z");
  });
});
