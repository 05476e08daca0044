import { describe, expect, it } from "vitest";
import { printable } from "./printable";
import { oneLine } from "./run-main";

describe("printable", () => {
  it("shows ESC, BEL and other C0 controls as escapes, keeping the text readable", () => {
    expect(printable("\u001b[31mgross\u0007")).toBe("\\x1b[31mgross\\x07");
    expect(printable("a\u0000b\u0008c\u007fd")).toBe("a\\x00b\\x08c\\x7fd");
    expect(printable("over\rwrite")).toBe("over\\rwrite");
  });

  it("escapes C1 controls and bidi overrides, which some terminals act on", () => {
    expect(printable("\u009b31m")).toBe("\\u009b31m");
    expect(printable("txn_\u202egnp.exe")).toBe("txn_\\u202egnp.exe");
    expect(printable("\u2066x\u2069")).toBe("\\u2066x\\u2069");
  });

  it("keeps tabs always and newlines only when asked, and leaves other text alone", () => {
    expect(printable("a\tb\nc")).toBe("a\tb\\nc");
    expect(printable("a\tb\nc\u001b", { keepNewlines: true })).toBe("a\tb\nc\\x1b");
    expect(printable("Überweisung 12,50 € ＝ ok")).toBe("Überweisung 12,50 € ＝ ok");
  });

  it("is applied by oneLine, so error messages never carry raw controls", () => {
    expect(oneLine(new Error('the header has: "\u001b]0;owned\u0007id"\n  and more'))).toBe('the header has: "\\x1b]0;owned\\x07id"; and more');
  });
});
