import { describe, expect, it } from "vitest";
import { DISCREPANCY_KINDS } from "@recon/domain";
// The truth-day generator lives in the sandbox package; imported by path because the engine
// must not depend on the sandbox at runtime (it is only ground truth for this test).
import { generateTruthDay, TRUTH_DAY_GRACE_MS } from "../../sandbox/src/truth-day/index";
import { reconcile } from "./reconcile";
import { outcomesOf, scoreOutcomes } from "./score-outcomes";

async function scoreDay(size: number, seed: number) {
  const day = generateTruthDay({ size, seed });
  const result = await reconcile({
    processor: "stripe",
    processorTransactions: day.processor,
    internalTransactions: day.internal,
    options: { window: day.window },
  });
  return { day, result, scores: scoreOutcomes(outcomesOf(result), day.truth) };
}

describe("accuracy against the sandbox truth day", () => {
  it.each([
    [2_000, 1],
    [10_000, 7],
    [100_000, 11],
  ])("precision and recall are 1.0 for every kind at %i per side (seed %i)", async (size, seed) => {
    const { day, scores } = await scoreDay(size, seed);
    // Every kind must actually be exercised, or a perfect score would prove nothing.
    for (const kind of [...DISCREPANCY_KINDS, "matched", "matched_group", "out_of_window"]) {
      expect(scores[kind]?.expected ?? 0, kind).toBeGreaterThan(0);
    }
    const currencies = new Set(day.processor.map((p) => p.currency));
    expect([...currencies].sort()).toEqual(expect.arrayContaining(["JPY", "KWD", "USD"]));
    expect(TRUTH_DAY_GRACE_MS).toBeGreaterThan(0);
    for (const [kind, s] of Object.entries(scores)) {
      expect({ kind, precision: s.precision, recall: s.recall }).toEqual({ kind, precision: 1, recall: 1 });
    }
  });

  it("scores a wrong outcome below 1.0 (the harness can fail)", async () => {
    const { day, result } = await scoreDay(500, 3);
    const outcomes = outcomesOf(result);
    const flipped = outcomes.map((o, i) => (i === 0 ? { ...o, kind: o.kind === "matched" ? "timing" : "matched" } : o));
    const scores = scoreOutcomes(flipped, day.truth);
    expect(Object.values(scores).some((s) => s.precision < 1 || s.recall < 1)).toBe(true);
  });
});
