import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DISCREPANCY_KINDS,
  TRANSACTION_STATUSES,
  emptyKindCounts,
  type InternalTransaction,
  type ProcessorTransaction,
} from "@recon/domain";
import { reconcile } from "./reconcile";
import type { ReconcileResult } from "./types";
import { ltx, ptx } from "./test-fixtures";

// Small pools force the interesting collisions: repeated ids, shared related ids, rows
// naming the same ref, and near-equal pairs that differ in one field.
const PROCESSOR_IDS = ["txn_a", "txn_b", "txn_c", "txn_d", "txn_e"];
const RELATED_IDS = ["pi_1", "pi_2", "ch_1"];
const LEDGER_IDS = ["led_1", "led_2", "led_3", "led_4", "led_5", "led_6"];
const CURRENCIES = ["USD", "JPY", "KWD"];

const amount = fc.constantFrom(-1_000n, 0n, 1_000n, 1_250n);
const status = fc.constantFrom(...TRANSACTION_STATUSES);
const currency = fc.constantFrom(...CURRENCIES);
const at = fc.integer({ min: 0, max: 3 }).map((h) => new Date(Date.UTC(2026, 10, 24, h)));

const processorRecord: fc.Arbitrary<ProcessorTransaction> = fc
  .record({
    id: fc.constantFrom(...PROCESSOR_IDS),
    related: fc.uniqueArray(fc.constantFrom(...RELATED_IDS), { maxLength: 2 }),
    gross: amount,
    fee: fc.constantFrom(0n, 30n),
    currency,
    status,
    at,
  })
  .map((r) =>
    ptx(r.id, {
      relatedIds: r.related,
      grossMinor: r.gross,
      feeMinor: r.fee,
      currency: r.currency,
      status: r.status,
      occurredAt: r.at,
    }),
  );

const ledgerRecord: fc.Arbitrary<InternalTransaction> = fc
  .record({
    id: fc.constantFrom(...LEDGER_IDS),
    ref: fc.option(fc.constantFrom(...PROCESSOR_IDS, ...RELATED_IDS, "txn_ghost"), { nil: null }),
    gross: amount,
    fee: fc.option(fc.constantFrom(0n, 30n), { nil: null }),
    currency,
    status,
  })
  .map((r) =>
    ltx(r.id, r.ref, { grossMinor: r.gross, feeMinor: r.fee, currency: r.currency, status: r.status }),
  );

const scenario = fc.record({
  processor: fc.array(processorRecord, { maxLength: 8 }),
  ledger: fc.array(ledgerRecord, { maxLength: 8 }),
});

/** A permutation of the list, drawn by fast-check so failures shrink and replay. */
function permutation<T>(items: T[]): fc.Arbitrary<T[]> {
  return fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length });
}

function tally(ids: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

function outcomesBySide(result: ReconcileResult) {
  const processorSide: string[] = result.matched.map((m) => m.processorId);
  const ledgerSide: string[] = result.matched.map((m) => m.internalId);
  for (const d of result.discrepancies) {
    if (d.processorExternalId !== null) processorSide.push(d.processorExternalId);
    if (d.internalExternalId !== null) ledgerSide.push(d.internalExternalId);
  }
  return { processorSide: tally(processorSide), ledgerSide: tally(ledgerSide) };
}

describe("reconcile: properties", () => {
  it("puts every input record in exactly one outcome", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ processor, ledger }) => {
        const result = await reconcile({
          processor: "stripe",
          processorTransactions: processor,
          internalTransactions: ledger,
        });
        const { processorSide, ledgerSide } = outcomesBySide(result);
        expect(processorSide).toEqual(tally(processor.map((p) => p.externalId)));
        expect(ledgerSide).toEqual(tally(ledger.map((l) => l.externalId)));

        const counts = emptyKindCounts();
        for (const d of result.discrepancies) counts[d.kind] += 1;
        expect(result.figures.counts).toEqual(counts);
        expect(result.missingInInternal).toHaveLength(counts.missing_in_internal);
        expect(result.figures.processorTransactionCount).toBe(
          new Set(processor.map((p) => p.externalId)).size,
        );
        for (const d of result.discrepancies) {
          expect(DISCREPANCY_KINDS).toContain(d.kind);
          expect(d.amountAtRiskMinor >= 0n).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("gives the same result whatever order the records arrive in", async () => {
    const shuffled = scenario.chain(({ processor, ledger }) =>
      fc.record({
        processor: fc.constant(processor),
        ledger: fc.constant(ledger),
        processorShuffled: permutation(processor),
        ledgerShuffled: permutation(ledger),
      }),
    );
    await fc.assert(
      fc.asyncProperty(shuffled, async (s) => {
        const a = await reconcile({
          processor: "stripe",
          processorTransactions: s.processor,
          internalTransactions: s.ledger,
        });
        const b = await reconcile({
          processor: "stripe",
          processorTransactions: s.processorShuffled,
          internalTransactions: s.ledgerShuffled,
        });
        expect(b).toEqual(a);
        expect(JSON.stringify(Object.keys(b.figures.totalsByCurrency))).toBe(
          JSON.stringify(Object.keys(a.figures.totalsByCurrency)),
        );
      }),
      { numRuns: 500 },
    );
  });
});
