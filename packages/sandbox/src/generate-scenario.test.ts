import { DISCREPANCY_KINDS, formatMinorUnits, toMinorUnits } from "@recon/domain";
import { describe, expect, it } from "vitest";
import { generateScenario } from "./generate-scenario";
import type { StripeScenario } from "./scenario-types";

const RUN_DATE = "2024-03-01";
const dayStart = Date.UTC(2024, 2, 1) / 1000;

/** A deliberately naive join of the raw data, to check the truth against. */
function naiveTruth(scenario: StripeScenario): Record<string, string[]> {
  const byRef = new Map<string, (typeof scenario.raw.balanceTransactions)[number]>();
  const chargeById = new Map(scenario.raw.charges.map((c) => [c.id, c]));
  for (const txn of scenario.raw.balanceTransactions) {
    const charge = chargeById.get(txn.source as string)!;
    byRef.set(charge.id, txn);
    if (charge.payment_intent) byRef.set(charge.payment_intent, txn);
  }
  const found: Record<string, string[]> = { missing_in_internal: [], missing_in_processor: [], amount_mismatch: [], other: [] };
  const matched = new Set<string>();
  for (const row of scenario.ledger) {
    const txn = row.processor_ref ? byRef.get(row.processor_ref) : undefined;
    if (!txn) {
      found.missing_in_processor!.push(row.id);
      continue;
    }
    matched.add(txn.id);
    if (toMinorUnits(row.amount, row.currency) !== BigInt(txn.amount)) found.amount_mismatch!.push(`${txn.id}/${row.id}`);
    if (row.currency !== txn.currency.toUpperCase()) found.other!.push(`currency ${row.id}`);
    if (row.fee !== formatMinorUnits(BigInt(txn.fee), row.currency)) found.other!.push(`fee ${row.id}`);
    if (row.status !== "succeeded") found.other!.push(`status ${row.id}`);
  }
  for (const txn of scenario.raw.balanceTransactions) if (!matched.has(txn.id)) found.missing_in_internal!.push(txn.id);
  for (const list of Object.values(found)) list.sort();
  return found;
}

describe("generateScenario", () => {
  it("is deterministic for the same seed and differs for another seed", () => {
    const a = generateScenario({ processor: "stripe", runDate: RUN_DATE, seed: 11 });
    const b = generateScenario({ processor: "stripe", runDate: RUN_DATE, seed: 11 });
    const c = generateScenario({ processor: "stripe", runDate: RUN_DATE, seed: 12 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(c.raw.balanceTransactions[0]!.id).not.toBe(a.raw.balanceTransactions[0]!.id);
  });

  it("produces Stripe-shaped records inside the run date", () => {
    const s = generateScenario({ processor: "stripe", runDate: RUN_DATE });
    expect(s.raw.balanceTransactions).toHaveLength(200);
    const ids = new Set(s.raw.balanceTransactions.map((t) => t.id));
    expect(ids.size).toBe(200);
    for (const txn of s.raw.balanceTransactions) {
      expect(txn.id).toMatch(/^txn_[A-Za-z0-9]{24}$/);
      expect(txn.source).toMatch(/^ch_/);
      expect(txn.net).toBe(txn.amount - txn.fee);
      expect(txn.fee_details[0]!.amount).toBe(txn.fee);
      expect(txn.currency).toMatch(/^(usd|jpy|kwd)$/);
      expect(txn.created).toBeGreaterThanOrEqual(dayStart);
      expect(txn.created).toBeLessThan(dayStart + 86_400);
      expect(["available", "pending"]).toContain(txn.status);
    }
    for (const row of s.ledger) {
      const at = Date.parse(row.occurred_at);
      expect(at).toBeGreaterThanOrEqual(dayStart * 1000);
      expect(at).toBeLessThan((dayStart + 86_400) * 1000);
    }
  });

  it("has ground truth that agrees with a naive join, and nothing else differs", () => {
    for (const seed of [1, 2, 3, 99]) {
      const s = generateScenario({ processor: "stripe", runDate: RUN_DATE, seed });
      const found = naiveTruth(s);
      const truth = s.truth;
      expect(Object.keys(truth.counts).sort()).toEqual([...DISCREPANCY_KINDS].sort());
      expect(found.other).toEqual([]);
      const of = (kind: string) => truth.items.filter((i) => i.kind === kind);
      expect(found.missing_in_internal).toEqual(of("missing_in_internal").map((i) => i.processorId).sort());
      expect(found.missing_in_processor).toEqual(of("missing_in_processor").map((i) => i.internalId).sort());
      expect(found.amount_mismatch).toEqual(of("amount_mismatch").map((i) => `${i.processorId}/${i.internalId}`).sort());
      for (const kind of ["missing_in_internal", "missing_in_processor", "amount_mismatch"] as const) {
        expect(truth.counts[kind]).toBeGreaterThanOrEqual(2);
        expect(truth.counts[kind]).toBeLessThanOrEqual(5);
      }
      expect(truth.processorCount).toBe(s.raw.balanceTransactions.length);
      expect(truth.internalCount).toBe(s.ledger.length);
    }
  });

  it("uses payment intents as processor_ref for some rows and mixes in JPY", () => {
    const s = generateScenario({ processor: "stripe", runDate: RUN_DATE, size: 500 });
    const pi = s.ledger.filter((r) => r.processor_ref?.startsWith("pi_")).length;
    expect(pi / s.ledger.length).toBeGreaterThan(0.1);
    expect(pi / s.ledger.length).toBeLessThan(0.3);
    const jpy = s.ledger.filter((r) => r.currency === "JPY");
    expect(jpy.length).toBeGreaterThan(0);
    for (const row of jpy) expect(row.amount).toMatch(/^\d+$/);
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
