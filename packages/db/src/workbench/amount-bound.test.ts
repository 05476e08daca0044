import { describe, expect, it } from "vitest";
import { minorBound } from "./amount-bound";

describe("an amount bound in whole minor units", () => {
  it("is exact when the currency has the digits", () => {
    expect(minorBound("12.5", 2, "ceil")).toBe(1250n);
    expect(minorBound("12.50", 2, "floor")).toBe(1250n);
    expect(minorBound("1.234", 3, "ceil")).toBe(1234n);
    expect(minorBound("1000", 0, "floor")).toBe(1000n);
    expect(minorBound(".5", 2, "ceil")).toBe(50n);
  });

  it("rounds inwards when it has more digits than the currency", () => {
    expect(minorBound("1.5", 0, "ceil")).toBe(2n);
    expect(minorBound("1.5", 0, "floor")).toBe(1n);
    expect(minorBound("1.2340", 3, "ceil")).toBe(1234n);
    expect(minorBound("0.001", 2, "ceil")).toBe(1n);
    expect(minorBound("0.001", 2, "floor")).toBe(0n);
    expect(minorBound("-1.5", 0, "ceil")).toBe(-1n);
    expect(minorBound("-1.5", 0, "floor")).toBe(-2n);
    expect(minorBound("-2", 2, "floor")).toBe(-200n);
  });
});
