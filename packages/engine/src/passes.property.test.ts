import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TRANSACTION_STATUSES, type InternalTransaction, type ProcessorTransaction } from "@recon/domain";
import { reconcile } from "./reconcile";
import { outcomesOf } from "./score-outcomes";
import { ltx, ptx } from "./test-fixtures";

// Properties over the fuzzy passes (reference, grouped, tolerance) and the day window: small
// pools of references, amounts and times force shared references, exact sums, near amounts
// and boundary-straddling pairs.
const REFERENCES = ["ord_1", "ord_2", "ord_3"];
const DAY = { start: new Date("2026-11-24T00:00:00.000Z"), end: new Date("2026-11-25T00:00:00.000Z") };
const amount = fc.constantFrom(-600n, 400n, 600n, 1_000n, 1_003n, 1_010n);
const at = fc.constantFrom(-30, 0, 30, 600, 1_440 - 10, 1_440 + 10).map((m) => new Date(DAY.start.getTime() + m * 60_000));
const reference = fc.option(fc.constantFrom(...REFERENCES), { nil: null });
const currency = fc.constantFrom("USD", "JPY");

const processorRecord: fc.Arbitrary<ProcessorTransaction> = fc
  .record({
    id: fc.constantFrom("txn_a", "txn_b", "txn_c", "txn_d", "txn_e", "txn_f"),
    gross: amount,
    reference,
    currency,
    at,
    status: fc.constantFrom(...TRANSACTION_STATUSES),
  })
  .map((r) => ptx(r.id, { grossMinor: r.gross, reference: r.reference, currency: r.currency, occurredAt: r.at, status: r.status }));

const ledgerRecord: fc.Arbitrary<InternalTransaction> = fc
  .record({
    id: fc.constantFrom("led_1", "led_2", "led_3", "led_4", "led_5", "led_6"),
    ref: fc.option(fc.constantFrom("txn_a", "txn_b", "txn_x"), { nil: null, freq: 1 }),
    gross: amount,
    reference,
    currency,
    at,
    status: fc.constantFrom(...TRANSACTION_STATUSES),
  })
  .map((r) => ltx(r.id, r.ref, { grossMinor: r.gross, reference: r.reference, currency: r.currency, occurredAt: r.at, status: r.status }));

const scenario = fc.record({
  processor: fc.array(processorRecord, { maxLength: 8 }),
  ledger: fc.array(ledgerRecord, { maxLength: 8 }),
  windowed: fc.boolean(),
});

function tally(ids: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

const options = (windowed: boolean) => ({ amountToleranceBps: 100, timeToleranceMs: 3_600_000, ...(windowed ? { window: DAY } : {}) });

describe("fuzzy passes and windows: properties", () => {
  it("puts every input record in exactly one outcome (pairs, groups, discrepancies, out of window)", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ processor, ledger, windowed }) => {
        const result = await reconcile({ processor: "stripe", processorTransactions: processor, internalTransactions: ledger, options: options(windowed) });
        const outcomes = outcomesOf(result);
        expect(tally(outcomes.flatMap((o) => o.processorIds))).toEqual(tally(processor.map((p) => p.externalId)));
        expect(tally(outcomes.flatMap((o) => o.internalIds))).toEqual(tally(ledger.map((l) => l.externalId)));
        for (const g of result.matchedGroups) {
          expect(g.processorAmountMinor).toBe(g.internalAmountMinor);
          expect(g.processorIds.length + g.internalIds.length).toBeGreaterThanOrEqual(3);
        }
        if (!windowed) expect(result.figures.counts.timing).toBe(0);
      }),
      { numRuns: 400 },
    );
  });

  it("gives the same result whatever order the records arrive in", async () => {
    const shuffled = scenario.chain((s) =>
      fc.record({
        s: fc.constant(s),
        processor: fc.shuffledSubarray(s.processor, { minLength: s.processor.length, maxLength: s.processor.length }),
        ledger: fc.shuffledSubarray(s.ledger, { minLength: s.ledger.length, maxLength: s.ledger.length }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(shuffled, async ({ s, processor, ledger }) => {
        const a = await reconcile({ processor: "stripe", processorTransactions: s.processor, internalTransactions: s.ledger, options: options(s.windowed) });
        const b = await reconcile({ processor: "stripe", processorTransactions: processor, internalTransactions: ledger, options: options(s.windowed) });
        expect(b).toEqual(a);
      }),
      { numRuns: 400 },
    );
  });

  it("is symmetric: swapping the two sides' amounts and times gives the same kind and money at stake", async () => {
    const pair = fc.record({ a: amount, b: amount, ta: at, tb: at, ref: reference, byId: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(pair, async ({ a, b, ta, tb, ref, byId }) => {
        const run = async (pa: bigint, la: bigint, pt: Date, lt: Date) => {
          const result = await reconcile({
            processor: "stripe",
            processorTransactions: [ptx("txn_a", { grossMinor: pa, occurredAt: pt, reference: ref })],
            internalTransactions: [ltx("led_1", byId ? "txn_a" : null, { grossMinor: la, occurredAt: lt, reference: ref })],
            options: { amountToleranceBps: 100, timeToleranceMs: 3_600_000 },
          });
          return outcomesOf(result)
            .map((o) => o.kind)
            .concat(result.discrepancies.map((d) => d.amountAtRiskMinor.toString()))
            .sort();
        };
        // At-risk of a mismatch is |difference|, the same either way round; a one-sided outcome
        // is at risk of its own amount, so those are compared as multisets.
        expect(await run(b, a, tb, ta)).toEqual(await run(a, b, ta, tb));
      }),
      { numRuns: 300 },
    );
  });

  it("groups one ledger row with several processor records exactly when it groups the mirror image", async () => {
    const parts = fc.array(fc.constantFrom(100n, 250n, 400n), { minLength: 2, maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(parts, fc.constantFrom(0n, 1n), async (amounts, skew) => {
        const total = amounts.reduce((s, x) => s + x, 0n) + skew;
        const many = await reconcile({
          processor: "stripe",
          processorTransactions: amounts.map((x, i) => ptx(`txn_${i}`, { grossMinor: x, reference: "ord_1" })),
          internalTransactions: [ltx("led_1", null, { grossMinor: total, reference: "ord_1" })],
          options: { amountToleranceBps: 0 },
        });
        const mirror = await reconcile({
          processor: "stripe",
          processorTransactions: [ptx("txn_0", { grossMinor: total, reference: "ord_1" })],
          internalTransactions: amounts.map((x, i) => ltx(`led_${i}`, null, { grossMinor: x, reference: "ord_1" })),
          options: { amountToleranceBps: 0 },
        });
        expect(many.matchedGroups.length).toBe(skew === 0n ? 1 : 0);
        expect(mirror.matchedGroups.length).toBe(many.matchedGroups.length);
      }),
      { numRuns: 100 },
    );
  });
});
