import { describe, expect, it } from "vitest";
import { generateScenario } from "./generate-scenario";

// Stripe's day in detail: stripe-day.test.ts.
const RUN_DATE = "2024-03-01";

describe("generateScenario", () => {
  it("is deterministic for the same seed and differs for another seed", () => {
    const a = generateScenario({ processor: "stripe", runDate: RUN_DATE, seed: 11 });
    const b = generateScenario({ processor: "stripe", runDate: RUN_DATE, seed: 11 });
    const c = generateScenario({ processor: "stripe", runDate: RUN_DATE, seed: 12 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(c.raw.balanceTransactions[0]!.id).not.toBe(a.raw.balanceTransactions[0]!.id);
  });

  it.each(["stripe", "paypal", "square"] as const)("books USD, JPY (no decimals) and KWD (three decimals) for %s at the default size", (processor) => {
    const s = generateScenario({ processor, runDate: RUN_DATE });
    expect(new Set(s.ledger.map((r) => r.currency))).toEqual(new Set(["USD", "JPY", "KWD"]));
    // Charged amounts end in 0 (as Stripe requires); a Square payout's amount is a sum of nets after fees, so it need not.
    const charged = s.ledger.filter((r) => r.currency === "KWD" && !r.processor_ref?.startsWith("po_"));
    expect(charged.length).toBeGreaterThan(0);
    for (const row of charged) expect(row.amount).toMatch(/^-?\d+\.\d{2}0$/);
  });

  it("injects nothing into tiny scenarios and rejects bad input", () => {
    const s = generateScenario({ processor: "stripe", runDate: RUN_DATE, size: 5 });
    expect(s.truth.items).toEqual([]);
    expect(() => generateScenario({ processor: "stripe", runDate: "2024-02-30" })).toThrow(/no such calendar day/);
    expect(() => generateScenario({ processor: "venmo" as "stripe", runDate: RUN_DATE })).toThrow(/cannot generate "venmo"/);
  });
});
