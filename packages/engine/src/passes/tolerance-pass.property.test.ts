import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { absBigInt, type InternalTransaction, type ProcessorTransaction } from "@recon/domain";
import { LedgerIndex } from "../ledger-index";
import type { MatchState } from "../match-pass";
import { resolveMatchOptions } from "../options";
import { ltx, ptx } from "../test-fixtures";
import { compareBigints, compareStrings } from "../canonical-order";
import { tolerancePass, withinTolerance } from "./tolerance-pass";

// The tolerance pass looks candidates up in an index (currency, time slot, reference) rather
// than scanning every ledger row. This holds it to the rule itself: a brute-force pass over
// every pair must make exactly the same pairings.
const HOUR = 3_600_000;
const START = Date.parse("2026-11-24T00:00:00.000Z");
const reference = fc.option(fc.constantFrom("ord_1", "ord_2", "ord_3"), { nil: null });
const amount = fc.integer({ min: 9_900, max: 10_100 }).map(BigInt);
const at = fc.integer({ min: -2 * 60, max: 26 * 60 }).map((minutes) => new Date(START + minutes * 60_000));
const currency = fc.constantFrom("USD", "EUR");

const scenario = fc.record({
  processor: fc.uniqueArray(fc.record({ gross: amount, reference, at, currency }), { maxLength: 25 }),
  ledger: fc.uniqueArray(fc.record({ gross: amount, reference, at, currency }), { maxLength: 25 }),
  toleranceBps: fc.constantFrom(0, 10, 50, 100),
  toleranceHours: fc.constantFrom(0, 1, 2, 5),
});

// The rule, restated plainly: every admissible pair, closest amount first, then closest time,
// then the processor record's id, then the ledger row's id.
interface ToleranceEdge {
  p: ProcessorTransaction;
  l: InternalTransaction;
  amountDiff: bigint;
  timeDiff: number;
}

function closestFirst(a: ToleranceEdge, b: ToleranceEdge): number {
  return (
    compareBigints(a.amountDiff, b.amountDiff) ||
    a.timeDiff - b.timeDiff ||
    compareStrings(a.p.externalId, b.p.externalId) ||
    compareStrings(a.l.externalId, b.l.externalId)
  );
}

function bruteForce(pending: ProcessorTransaction[], ledger: InternalTransaction[], bps: bigint, timeMs: number): string[] {
  const edges: ToleranceEdge[] = [];
  for (const p of pending)
    for (const l of ledger) {
      if (p.currency !== l.currency) continue;
      if (p.reference !== null && l.reference !== null && p.reference !== l.reference) continue;
      const timeDiff = Math.abs(p.occurredAt.getTime() - l.occurredAt.getTime());
      const amountDiff = absBigInt(p.grossMinor - l.grossMinor);
      if (timeDiff > timeMs || !withinTolerance(amountDiff, p.grossMinor, l.grossMinor, bps)) continue;
      edges.push({ p, l, amountDiff, timeDiff });
    }
  edges.sort(closestFirst);
  const usedP = new Set<string>();
  const usedL = new Set<string>();
  const pairs: string[] = [];
  for (const e of edges) {
    if (usedP.has(e.p.externalId) || usedL.has(e.l.externalId)) continue;
    usedP.add(e.p.externalId);
    usedL.add(e.l.externalId);
    pairs.push(`${e.p.externalId}~${e.l.externalId}`);
  }
  return pairs;
}

describe("tolerance pass", () => {
  it("makes exactly the pairings of a brute-force scan of every pair", () => {
    fc.assert(
      fc.property(scenario, ({ processor, ledger, toleranceBps, toleranceHours }) => {
        const pending = processor.map((r, i) =>
          ptx(`txn_${i}`, { grossMinor: r.gross, reference: r.reference, occurredAt: r.at, currency: r.currency }),
        );
        const rows = ledger.map((r, i) => ltx(`led_${i}`, null, { grossMinor: r.gross, reference: r.reference, occurredAt: r.at, currency: r.currency }));
        const options = resolveMatchOptions({ amountToleranceBps: toleranceBps, timeToleranceMs: toleranceHours * HOUR });
        const state: MatchState = { ledger: new LedgerIndex(rows), pending, pairings: [], groupings: [], options };
        tolerancePass.run(state);
        const indexed = state.pairings.map((pairing) => `${pairing.processor.externalId}~${pairing.ledger.externalId}`);
        expect(indexed).toEqual(bruteForce(pending, rows, BigInt(toleranceBps), toleranceHours * HOUR));
      }),
      { numRuns: 500 },
    );
  });
});
