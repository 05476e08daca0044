import { describe, expect, it } from "vitest";
import { deriveSeed, mulberry32 } from "./prng";

describe("mulberry32", () => {
  it("repeats the same sequence for the same seed", () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const seqA = Array.from({ length: 20 }, () => a.next());
    const seqB = Array.from({ length: 20 }, () => b.next());
    expect(seqA).toEqual(seqB);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it("keeps int() within its inclusive bounds and reaches both ends", () => {
    const rng = mulberry32(3);
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(1, 4)));
    expect([...seen].sort()).toEqual([1, 2, 3, 4]);
  });

  it("derives different sub-seeds for different parts", () => {
    expect(deriveSeed(1, "stripe", "2024-03-01")).not.toBe(deriveSeed(1, "stripe", "2024-03-02"));
    expect(deriveSeed(1, "stripe", "2024-03-01")).toBe(deriveSeed(1, "stripe", "2024-03-01"));
  });
});
