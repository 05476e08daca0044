import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TRANSACTION_STATUSES, type InternalTransaction, type ProcessorTransaction } from "@recon/domain";
import { linkKeysOfLedger, linkKeysOfProcessor } from "./link-keys";
import type { MatchOptions } from "./options";
import { decodePartitionResult, encodePartitionResult } from "./partition-codec";
import { reconcile } from "./reconcile";
import { reconcilePartition } from "./reconcile-partition";
import { settlePartitions } from "./settle-partitions";
import { pairedIdsOf, stageOutcomes } from "./staged-outcomes";
import { compareDiscrepancies } from "./canonical-order";
import { ltx, ptx } from "./test-fixtures";
import type { Presettled } from "./types";

// Records come in "stories" (a processor record and the ledger rows booked for it, linked one
// way or another and sometimes perturbed) plus loose random records, all drawn from small pools
// so that ids, related ids and references collide: copies of an id on either side, related ids
// shared between records (and naming another record's own id), shared references (reference and
// grouped passes), near amounts with no shared key (tolerance pairs that land in different
// partitions), times around both day boundaries, refunds (payment links) and lower-case
// currencies (normalisation).
const DAY = { start: new Date("2026-11-24T00:00:00.000Z"), end: new Date("2026-11-25T00:00:00.000Z") };
const PROCESSOR_IDS = ["txn_a", "txn_b", "txn_c", "txn_d", "txn_e", "txn_f", "txn_g", "txn_h"];
const RELATED_IDS = ["pi_1", "pi_2", "pi_3", "ch_1", "txn_a"];
const LEDGER_IDS = ["led_1", "led_2", "led_3", "led_4", "led_5", "led_6", "led_7", "led_8"];
const amount = fc.constantFrom(-600n, 400n, 600n, 1_000n, 1_003n, 1_010n);
const minute = (m: number): Date => new Date(DAY.start.getTime() + m * 60_000);
const at = fc.constantFrom(-30, 0, 30, 600, 1_440 - 10, 1_440 + 10).map(minute);
const reference = fc.option(fc.constantFrom("ord_1", "ord_2", "ord_3", "ord_4"), { nil: null });
const currency = fc.constantFrom("USD", "USD", "JPY", "usd");
const status = fc.constantFrom(...TRANSACTION_STATUSES);

const processorRecord: fc.Arbitrary<ProcessorTransaction> = fc
  .record({
    id: fc.constantFrom(...PROCESSOR_IDS),
    related: fc.uniqueArray(fc.constantFrom(...RELATED_IDS), { maxLength: 2 }),
    type: fc.constantFrom("payment" as const, "payment" as const, "refund" as const),
    gross: amount,
    fee: fc.constantFrom(0n, 30n),
    reference,
    currency,
    status,
    at,
  })
  .map((r) =>
    ptx(r.id, {
      relatedIds: r.related,
      type: r.type,
      grossMinor: r.gross,
      feeMinor: r.fee,
      reference: r.reference,
      currency: r.currency,
      status: r.status,
      occurredAt: r.at,
      raw: { id: r.id, gross: r.gross.toString() },
    }),
  );

const ledgerRecord: fc.Arbitrary<InternalTransaction> = fc
  .record({
    id: fc.constantFrom(...LEDGER_IDS),
    ref: fc.option(fc.constantFrom(...PROCESSOR_IDS, ...RELATED_IDS, "txn_ghost"), { nil: null, freq: 2 }),
    gross: amount,
    fee: fc.option(fc.constantFrom(0n, 30n), { nil: null }),
    reference,
    currency,
    status,
    at,
  })
  .map((r) =>
    ltx(r.id, r.ref, {
      grossMinor: r.gross,
      feeMinor: r.fee,
      reference: r.reference,
      currency: r.currency,
      status: r.status,
      occurredAt: r.at,
    }),
  );

interface Records {
  processor: ProcessorTransaction[];
  ledger: InternalTransaction[];
}

/** A processor record and what the ledger booked for it. */
const story: fc.Arbitrary<Records> = fc
  .record({
    p: processorRecord,
    ledgerId: fc.constantFrom(...LEDGER_IDS),
    link: fc.constantFrom("own_id", "related_id", "reference", "loose", "split", "none"),
    change: fc.constantFrom("none", "none", "near_amount", "status", "fee", "across_midnight", "across_midnight", "copy", "booked_twice"),
    reference: fc.constantFrom("ord_1", "ord_2", "ord_3", "ord_4"),
  })
  .map(({ p, ledgerId, link, change, reference }): Records => {
    if (link === "split") {
      // Two captures of one order booked as one row: the grouped pass.
      const parts = [
        { ...p, reference, grossMinor: 600n, netMinor: 600n - p.feeMinor },
        { ...p, externalId: `${p.externalId}_2`, reference, grossMinor: 400n, netMinor: 400n - p.feeMinor },
      ];
      return { processor: parts, ledger: [ltx(ledgerId, null, { reference, grossMinor: 1_000n, currency: p.currency, occurredAt: p.occurredAt })] };
    }
    const processor = link === "reference" ? { ...p, reference } : link === "loose" ? { ...p, reference: null } : p;
    if (link === "none") return { processor: [processor], ledger: [] };
    const ref = link === "own_id" ? p.externalId : link === "related_id" ? (p.relatedIds[0] ?? null) : null;
    const row = ltx(ledgerId, ref, {
      reference: link === "reference" ? reference : null,
      grossMinor: change === "near_amount" || link === "loose" ? processor.grossMinor + 3n : processor.grossMinor,
      feeMinor: change === "fee" ? processor.feeMinor + 1n : null,
      currency: processor.currency,
      status: change === "status" ? "pending" : processor.status,
      occurredAt: change === "across_midnight" ? minute(processor.occurredAt.getTime() < DAY.end.getTime() ? 1_440 + 10 : 1_440 - 10) : processor.occurredAt,
    });
    if (change === "copy") return { processor: [processor], ledger: [row, { ...row }] };
    if (change === "booked_twice") return { processor: [processor], ledger: [row, { ...row, externalId: `${ledgerId}_b`, grossMinor: 1n }] };
    return { processor: [processor], ledger: [row] };
  });

const recordSet: fc.Arbitrary<Records> = fc
  .record({
    stories: fc.array(story, { maxLength: 6 }),
    processor: fc.array(processorRecord, { maxLength: 3 }),
    ledger: fc.array(ledgerRecord, { maxLength: 3 }),
  })
  .map(({ stories, processor, ledger }) => ({
    processor: [...stories.flatMap((s) => s.processor), ...processor],
    ledger: [...stories.flatMap((s) => s.ledger), ...ledger],
  }));

const presettled: fc.Arbitrary<Presettled | undefined> = fc.option(
  fc.record({ usd: fc.nat(3), eur: fc.nat(3) }).map(({ usd, eur }) => ({
    count: usd + eur,
    byCurrency: { USD: { count: usd, volumeMinor: BigInt(usd) * 700n }, EUR: { count: eur, volumeMinor: BigInt(eur) * 900n } },
  })),
  { nil: undefined },
);

const scenario = fc
  .record({
    recordSet,
    windowed: fc.boolean(),
    maxGroupCandidates: fc.constantFrom(2, 12),
    presettled,
  })
  .map(({ recordSet: { processor, ledger }, ...rest }) => ({ processor, ledger, ...rest }))
  .chain((s) => {
    const n = s.processor.length + s.ledger.length;
    return fc.record({
      s: fc.constant(s),
      k: fc.integer({ min: 1, max: 6 }),
      /** The partition of each component, indexed by the component's root record. */
      partitionOf: fc.array(fc.nat(), { minLength: n, maxLength: n }),
      /** Sort keys that shuffle the records inside each partition. */
      order: fc.array(fc.nat(), { minLength: n, maxLength: n }),
      /** Sort keys that shuffle the order the partitions' results reach settle. */
      partitionOrder: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
    });
  });

/** Union-find over record indices: processor records first, then ledger rows. */
function linkedComponents(processor: readonly ProcessorTransaction[], ledger: readonly InternalTransaction[]): number[] {
  const parent = Array.from({ length: processor.length + ledger.length }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const holder = new Map<string, number>();
  const keys = [...processor.map(linkKeysOfProcessor), ...ledger.map(linkKeysOfLedger)];
  keys.forEach((recordKeys, i) => {
    for (const key of recordKeys) {
      const other = holder.get(key);
      if (other === undefined) holder.set(key, i);
      else parent[find(i)] = find(other);
    }
  });
  return parent.map((_, i) => find(i));
}

function byKey<T>(items: readonly T[], keyOf: (item: T) => number): T[] {
  return items.map((item) => ({ item, key: keyOf(item) })).sort((a, b) => a.key - b.key).map(({ item }) => item);
}

/** Byte-level comparison: JSON key order (totalsByCurrency) is part of the output. */
function text(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? `${v.toString()}n` : v));
}

describe("partitions: reconcilePartition + settlePartitions", () => {
  it("gives reconcile()'s result for any link-closed partitioning, in any order, through the codec, with or without staged outcomes", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ s, k, partitionOf, order, partitionOrder }) => {
        const options: MatchOptions = {
          amountToleranceBps: 100,
          timeToleranceMs: 3_600_000,
          maxGroupCandidates: s.maxGroupCandidates,
          ...(s.windowed ? { window: DAY } : {}),
        };
        const component = linkedComponents(s.processor, s.ledger);
        const parts = Array.from({ length: k }, () => ({ processor: [] as number[], ledger: [] as number[] }));
        component.forEach((root, i) => {
          const part = parts[partitionOf[root]! % k]!;
          if (i < s.processor.length) part.processor.push(i);
          else part.ledger.push(i);
        });

        const results = await Promise.all(
          parts.map((part) =>
            reconcilePartition({
              processor: "stripe",
              processorTransactions: byKey(part.processor, (i) => order[i]!).map((i) => s.processor[i]!),
              internalTransactions: byKey(part.ledger, (i) => order[i]!).map((i) => s.ledger[i - s.processor.length]!),
              options,
            }),
          ),
        );
        const decoded = results.map((r) => decodePartitionResult(encodePartitionResult(r)));
        expect(decoded).toStrictEqual(results);

        const settled = settlePartitions({
          processor: "stripe",
          options,
          presettled: s.presettled,
          partitions: byKey([...decoded.keys()], (i) => partitionOrder[i]!).map((i) => decoded[i]!),
        });
        const whole = await reconcile({
          processor: "stripe",
          processorTransactions: s.processor,
          internalTransactions: s.ledger,
          options,
          presettled: s.presettled,
        });
        expect(settled).toStrictEqual(whole);
        expect(text(settled)).toBe(text(whole));

        // The worker's path: each partition stores its decided outcomes itself and hands the
        // parent only the rest. Together they are the whole result, with the same figures.
        const staged = decoded.map(stageOutcomes);
        const kept = staged.map(({ kept }) => decodePartitionResult(encodePartitionResult(kept)));
        const settledKept = settlePartitions({ processor: "stripe", options, presettled: s.presettled, partitions: kept });
        expect(text(settledKept.figures)).toBe(text(whole.figures));
        const discrepancies = [...staged.flatMap((p) => p.staged.discrepancies), ...settledKept.discrepancies].sort(compareDiscrepancies);
        expect(discrepancies).toStrictEqual(whole.discrepancies);
        const paired = pairedIdsOf(settledKept);
        const wholePaired = pairedIdsOf(whole);
        expect([...staged.flatMap((p) => p.staged.pairedProcessorIds), ...paired.pairedProcessorIds].sort()).toStrictEqual(wholePaired.pairedProcessorIds.sort());
        expect([...staged.flatMap((p) => p.staged.pairedInternalIds), ...paired.pairedInternalIds].sort()).toStrictEqual(wholePaired.pairedInternalIds.sort());
      }),
      { numRuns: 1_000 },
    );
  });
});
