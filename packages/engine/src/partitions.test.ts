import { describe, expect, it } from "vitest";
import type { InternalTransaction, ProcessorTransaction } from "@recon/domain";
import { linkKeysOfLedger, linkKeysOfProcessor } from "./link-keys";
import { decodePartitionResult, encodePartitionResult } from "./partition-codec";
import { reconcile } from "./reconcile";
import { reconcilePartition } from "./reconcile-partition";
import { settlePartitions } from "./settle-partitions";
import { ltx, ptx } from "./test-fixtures";

const DAY = { start: new Date("2026-11-24T00:00:00.000Z"), end: new Date("2026-11-25T00:00:00.000Z") };

function partition(processorTransactions: ProcessorTransaction[], internalTransactions: InternalTransaction[]) {
  return reconcilePartition({ processor: "stripe", processorTransactions, internalTransactions, options: { window: DAY } });
}

describe("link keys", () => {
  it("are the exact strings the partitioning SQL builds", () => {
    expect(linkKeysOfProcessor(ptx("txn_1", { relatedIds: ["ch_1", "pi_1"], reference: "ord_1" }))).toEqual([
      "id:txn_1",
      "id:ch_1",
      "id:pi_1",
      "ref:ord_1",
    ]);
    expect(linkKeysOfProcessor(ptx("txn_1"))).toEqual(["id:txn_1"]);
    expect(linkKeysOfLedger(ltx("led_1", "pi_1", { reference: "ord_1" }))).toEqual(["id:pi_1", "ref:ord_1", "lid:led_1"]);
    expect(linkKeysOfLedger(ltx("led_1", null))).toEqual(["lid:led_1"]);
  });
});

describe("reconcilePartition", () => {
  it("returns no records for a partition that settled everything: its result does not grow with matched volume", async () => {
    const ids = ["txn_1", "txn_2", "txn_3"];
    const result = await partition(
      ids.map((id) => ptx(id, { grossMinor: 2_000n })),
      ids.map((id, i) => ltx(`led_${i}`, id, { grossMinor: 2_000n })),
    );
    expect(result.leftovers).toEqual({ processor: [], ledger: [], claims: { byRef: [], byProcessorId: [] }, paymentLinks: [] });
    expect(result.discrepancies).toEqual([]);
    expect(result.matched).toHaveLength(3);
    expect(result.figures).toEqual({ processorVolume: { USD: { count: 3, volumeMinor: 6_000n } }, internalCount: 3 });
    expect(result.recordCount).toBe(6);
  });

  it("rejects a record of another processor, like reconcile", async () => {
    await expect(partition([ptx("txn_1", { processor: "paypal" })], [])).rejects.toThrow(
      'processor record txn_1 belongs to processor "paypal", but this run reconciles "stripe"',
    );
  });
});

describe("settlePartitions", () => {
  it("pairs by tolerance records that sit in different partitions", async () => {
    const a = await partition([ptx("txn_1", { grossMinor: 10_000n })], []);
    const b = await partition([], [ltx("led_1", null, { grossMinor: 10_030n })]);
    const result = settlePartitions({ processor: "stripe", options: { window: DAY }, partitions: [a, b] });
    expect(result.discrepancies.map((d) => [d.kind, d.processorExternalId, d.internalExternalId, d.amountAtRiskMinor])).toEqual([
      ["amount_mismatch", "txn_1", "led_1", 30n],
    ]);
  });

  it("classifies a leftover row against the keyed pairing of its partition", async () => {
    const a = await partition(
      [ptx("txn_1", { relatedIds: ["pi_1"] })],
      [ltx("led_1", "txn_1"), ltx("led_2", "pi_1", { grossMinor: 5n })],
    );
    expect(a.leftovers.claims).toEqual({ byRef: [], byProcessorId: [{ id: "pi_1", processorId: "txn_1", ledgerId: "led_1" }] });
    const b = await partition([ptx("txn_9", { grossMinor: 7n })], []);
    const result = settlePartitions({ processor: "stripe", options: { window: DAY }, partitions: [b, a] });
    expect(result.discrepancies.map((d) => [d.kind, d.processorExternalId, d.internalExternalId])).toEqual([
      ["missing_in_internal", "txn_9", null],
      ["duplicate", null, "led_2"],
    ]);
    expect(result.discrepancies[1]!.reason).toContain("claims processor txn_1 (via pi_1), already matched to ledger led_1");
  });

  it("names the payment of a refund left unpaired, taking the link from whichever copy of the id has it", async () => {
    const payment = ptx("txn_r", { occurredAt: new Date("2026-11-24T09:00:00Z") });
    const refund = ptx("txn_r", { type: "refund", relatedIds: ["ch_1"], grossMinor: -1_000n, occurredAt: new Date("2026-11-24T10:00:00Z") });
    const result = settlePartitions({ processor: "stripe", options: { window: DAY }, partitions: [await partition([refund, payment], [])] });
    expect(result.discrepancies.map((d) => [d.kind, d.reason])).toEqual([
      ["missing_in_internal", "processor txn_r 10.00 USD succeeded has no ledger record [refund of payment ch_1]"],
      ["duplicate", "processor id txn_r appears more than once; this copy -10.00 USD succeeded is a duplicate [refund of payment ch_1]"],
    ]);
  });

  it("refuses partitions that are not link-closed", async () => {
    // Both partitions hold a row naming txn_1 beside a pairing that claims it.
    const half = (suffix: string) => partition([ptx("txn_1")], [ltx(`led_${suffix}1`, "txn_1"), ltx(`led_${suffix}2`, "txn_1", { grossMinor: 5n })]);
    await expect(async () =>
      settlePartitions({ processor: "stripe", partitions: [await half("a"), await half("b")] }),
    ).rejects.toThrow("id txn_1 is claimed in two partitions: the partitioning is not link-closed");
  });

  it("rejects leftovers of another processor's run", async () => {
    const paypal = await reconcilePartition({ processor: "paypal", processorTransactions: [ptx("txn_1", { processor: "paypal" })], internalTransactions: [] });
    expect(() => settlePartitions({ processor: "stripe", partitions: [decodePartitionResult(encodePartitionResult(paypal))] })).toThrow(
      'processor record txn_1 belongs to processor "paypal", but this run reconciles "stripe"',
    );
  });

  it("is what reconcile() computes, presettled pairs included", async () => {
    const processor = [ptx("txn_1"), ptx("txn_2", { currency: "EUR", grossMinor: 300n })];
    const ledger = [ltx("led_1", "txn_1")];
    const presettled = { count: 2, byCurrency: { EUR: { count: 2, volumeMinor: 900n } } };
    const options = { window: DAY };
    const whole = await reconcile({ processor: "stripe", processorTransactions: processor, internalTransactions: ledger, options, presettled });
    const settled = settlePartitions({
      processor: "stripe",
      options,
      presettled,
      partitions: [await partition([processor[0]!], ledger), await partition([processor[1]!], [])].map((r) =>
        decodePartitionResult(encodePartitionResult(r)),
      ),
    });
    expect(settled).toStrictEqual(whole);
    expect(settled.figures).toMatchObject({ primaryCurrency: "EUR", processorTransactionCount: 4, matchedCount: 3 });
  });
});
