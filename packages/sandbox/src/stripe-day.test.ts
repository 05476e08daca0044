import { DISCREPANCY_KINDS, formatMinorUnits, toMinorUnits } from "@recon/domain";
import { describe, expect, it } from "vitest";
import { generateScenario } from "./generate-scenario";
import type { StripeScenario } from "./scenario-types";
import { stripeActivityCounts } from "./stripe-activity";
import type { StripeBalanceTransaction, StripeCharge, StripeDispute, StripeSourceObject } from "./stripe-types";

const RUN_DATE = "2024-03-01";
const dayStart = Date.UTC(2024, 2, 1) / 1000;

const stripeDay = (options: { seed?: number; size?: number; runDate?: string } = {}): StripeScenario =>
  generateScenario({ processor: "stripe", runDate: options.runDate ?? RUN_DATE, seed: options.seed, size: options.size });

const sourcesOf = (s: StripeScenario) => new Map<string, StripeSourceObject>(s.raw.sources.map((o) => [o.id, o]));

/** What each kind of balance transaction looks like: its category, the sign of its amount, its source. */
const SHAPES: Record<string, { sign: 1 | -1 | 0; source: RegExp | null; object?: string }> = {
  "charge/charge": { sign: 1, source: /^ch_/, object: "charge" },
  "refund/refund": { sign: -1, source: /^re_/, object: "refund" },
  "adjustment/dispute": { sign: -1, source: /^dp_/, object: "dispute" },
  "adjustment/dispute_reversal": { sign: 1, source: /^dp_/, object: "dispute" },
  "payout/payout": { sign: -1, source: /^po_/, object: "payout" },
  "stripe_fee/fee": { sign: -1, source: null },
  "application_fee/platform_earning": { sign: 1, source: /^fee_/, object: "application_fee" },
  "transfer/transfer": { sign: -1, source: /^tr_/, object: "transfer" },
  "adjustment/other_adjustment": { sign: 0, source: null },
  "topup/topup": { sign: 1, source: /^tu_/, object: "topup" },
};

/**
 * A deliberately naive join of the raw data, to check the truth against: each ledger row takes
 * the record it names (by any of its ids, the earliest such record not taken yet, preferring one
 * of the same amount: a dispute and its reversal share the dispute id), then every field the
 * engine compares must agree except where the truth says otherwise.
 */
function naiveTruth(s: StripeScenario): Record<string, string[]> {
  const sources = sourcesOf(s);
  const idsOf = (t: StripeBalanceTransaction): string[] => {
    const source = typeof t.source === "string" ? sources.get(t.source) : undefined;
    if (!source) return [t.id];
    if (source.object === "charge") return [t.id, source.id, source.payment_intent ?? ""];
    if (source.object === "refund" || source.object === "dispute") return [t.id, source.id, source.charge, source.payment_intent ?? ""];
    return [t.id, source.id];
  };
  const earliestFirst = [...s.raw.balanceTransactions].sort((a, b) => a.created - b.created);
  const byId = new Map<string, StripeBalanceTransaction[]>();
  for (const t of earliestFirst) for (const id of idsOf(t)) byId.set(id, [...(byId.get(id) ?? []), t]);
  const statusOf = (t: StripeBalanceTransaction): string => {
    const source = typeof t.source === "string" ? sources.get(t.source) : undefined;
    if (source?.object === "charge") return source.refunded ? "refunded" : source.status;
    if (source?.object === "payout") return source.status === "paid" ? "succeeded" : "pending";
    return "succeeded";
  };
  const found: Record<string, string[]> = { missing_in_internal: [], missing_in_processor: [], amount_mismatch: [], other: [] };
  const taken = new Set<StripeBalanceTransaction>();
  for (const row of s.ledger) {
    const open = (byId.get(row.processor_ref ?? "") ?? []).filter((t) => !taken.has(t));
    const amount = toMinorUnits(row.amount, row.currency);
    const txn = open.find((t) => BigInt(t.amount) === amount) ?? open[0];
    if (!txn) {
      found.missing_in_processor!.push(row.id);
      continue;
    }
    taken.add(txn);
    if (amount !== BigInt(txn.amount)) found.amount_mismatch!.push(`${txn.id}/${row.id}`);
    if (row.currency !== txn.currency.toUpperCase()) found.other!.push(`currency ${row.id}`);
    if (row.fee !== null && row.fee !== formatMinorUnits(BigInt(txn.fee), row.currency)) found.other!.push(`fee ${row.id}`);
    if (row.status !== statusOf(txn)) found.other!.push(`status ${row.id}`);
    if (row.occurred_at !== new Date(txn.created * 1000).toISOString()) found.other!.push(`time ${row.id}`);
  }
  for (const t of s.raw.balanceTransactions) if (!taken.has(t)) found.missing_in_internal!.push(t.id);
  for (const list of Object.values(found)) list.sort();
  return found;
}

describe("the Stripe sandbox day", () => {
  it("holds every balance transaction type of the itemized balance report, each shaped and signed as Stripe writes it", () => {
    const s = stripeDay();
    const sources = sourcesOf(s);
    const activity = stripeActivityCounts(200);
    const payouts = s.raw.balanceTransactions.filter((t) => t.type === "payout");
    expect(payouts.length).toBeGreaterThan(0);
    expect(s.raw.balanceTransactions).toHaveLength(200 + payouts.length);
    expect(new Set(s.raw.balanceTransactions.map((t) => t.id)).size).toBe(s.raw.balanceTransactions.length);
    const kinds = new Map<string, number>();
    for (const t of s.raw.balanceTransactions) {
      const kind = `${t.type}/${t.reporting_category}`;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const shape = SHAPES[kind];
      expect(shape, kind).toBeDefined();
      expect(t.id).toMatch(/^txn_[A-Za-z0-9]{24}$/);
      if (shape!.sign !== 0) expect(Math.sign(t.amount), `${kind} ${t.id}`).toBe(shape!.sign);
      expect(t.net).toBe(t.amount - t.fee);
      expect(t.fee_details.reduce((sum, d) => sum + d.amount, 0)).toBe(t.fee);
      expect(t.currency).toMatch(/^(usd|jpy|kwd)$/);
      if (t.currency === "kwd") for (const value of [t.amount, t.fee, t.net]) expect(Math.abs(value) % 10).toBe(0);
      expect(t.created).toBeGreaterThanOrEqual(dayStart);
      expect(t.created).toBeLessThan(dayStart + 86_400);
      if (shape!.source === null) {
        expect(t.source).toBeNull();
      } else {
        expect(t.source).toMatch(shape!.source);
        expect(sources.get(t.source as string)?.object, kind).toBe(shape!.object);
      }
    }
    expect(Object.fromEntries(kinds)).toEqual({
      "charge/charge": activity.charges,
      "refund/refund": activity.refunds,
      "adjustment/dispute": activity.disputes,
      "adjustment/dispute_reversal": activity.wonDisputes,
      "payout/payout": payouts.length,
      "stripe_fee/fee": activity.stripeFees,
      "application_fee/platform_earning": activity.applicationFees,
      "transfer/transfer": activity.transfers,
      "adjustment/other_adjustment": activity.adjustments,
      "topup/topup": activity.topups,
    });
    expect(new Set(s.raw.balanceTransactions.map((t) => t.currency))).toEqual(new Set(["usd", "jpy", "kwd"]));
    expect(s.raw.balanceTransactions.some((t) => t.status === "pending")).toBe(true);
  });

  it("serves source objects that agree with their balance transactions and with each other", () => {
    const s = stripeDay({ seed: 3 });
    const sources = sourcesOf(s);
    const byId = new Map(s.raw.balanceTransactions.map((t) => [t.id, t]));
    for (const source of s.raw.sources) {
      const own = s.raw.balanceTransactions.filter((t) => t.source === source.id);
      if (source.object === "dispute") {
        expect(source.balance_transactions.map((t) => t.id).sort()).toEqual(own.map((t) => t.id).sort());
        expect(source.status).toBe(own.length === 2 ? "won" : "needs_response");
        expect((sources.get(source.charge) as StripeCharge).disputed).toBe(true);
        expect(own.find((t) => t.reporting_category === "dispute")!.amount).toBe(-source.amount);
        continue;
      }
      expect(own, source.id).toHaveLength(1);
      expect(byId.get(source.balance_transaction)).toBe(own[0]);
      expect(Math.abs(own[0]!.amount)).toBe(source.amount);
      expect(own[0]!.currency).toBe(source.currency);
      expect(own[0]!.created).toBe(source.created);
      if (source.object === "refund") {
        const charge = sources.get(source.charge) as StripeCharge;
        expect(charge.object).toBe("charge");
        expect(source.payment_intent).toBe(charge.payment_intent);
        expect(source.created).toBeGreaterThan(charge.created);
      }
    }
    for (const charge of s.raw.sources.filter((o): o is StripeCharge => o.object === "charge")) {
      const refunded = s.raw.sources.filter((o) => o.object === "refund" && o.charge === charge.id).reduce((sum, o) => sum + o.amount, 0);
      expect(charge.amount_refunded).toBe(refunded);
      expect(charge.refunded).toBe(refunded === charge.amount);
      const disputes = s.raw.sources.filter((o): o is StripeDispute => o.object === "dispute" && o.charge === charge.id);
      expect(charge.disputed).toBe(disputes.length > 0);
    }
    const refunds = s.raw.sources.filter((o) => o.object === "refund");
    expect(refunds.some((r) => (sources.get(r.charge) as StripeCharge).refunded)).toBe(true);
    expect(refunds.some((r) => !(sources.get(r.charge) as StripeCharge).refunded)).toBe(true);
  });

  it("pays out, per currency, the available balance transactions of two days earlier, exactly as that day serves them", () => {
    const s = stripeDay({ seed: 4 });
    const earlier = stripeDay({ seed: 4, runDate: "2024-02-28" });
    const earlierById = new Map(earlier.raw.balanceTransactions.map((t) => [t.id, t]));
    const payouts = s.raw.sources.filter((o) => o.object === "payout");
    expect(payouts.map((p) => p.currency).sort()).toEqual(["jpy", "kwd", "usd"]);
    for (const payout of payouts) {
      const contents = s.raw.payoutContents[payout.id]!;
      expect(contents.day).toBe("2024-02-28");
      const paidOut = contents.balanceTransactionIds.map((id) => earlierById.get(id)!);
      expect(paidOut.every((t) => t !== undefined && t.currency === payout.currency && t.status === "available")).toBe(true);
      expect(paidOut.every((t) => t.available_on === dayStart)).toBe(true);
      expect(paidOut.reduce((sum, t) => sum + t.net, 0)).toBe(payout.amount);
      const expected = earlier.raw.balanceTransactions.filter((t) => t.currency === payout.currency && t.status === "available" && t.type !== "payout");
      expect(contents.balanceTransactionIds.sort()).toEqual(expected.map((t) => t.id).sort());
      expect(payout).toMatchObject({ automatic: true, arrival_date: dayStart + 86_400 });
      expect(["paid", "in_transit"]).toContain(payout.status);
    }
  });

  it("has ground truth that agrees with a naive join, and nothing else differs", () => {
    for (const seed of [1, 2, 3, 99]) {
      const s = stripeDay({ seed });
      const found = naiveTruth(s);
      const truth = s.truth;
      expect(Object.keys(truth.counts).sort()).toEqual([...DISCREPANCY_KINDS].sort());
      expect(found.other).toEqual([]);
      const of = (kind: string) => truth.items.filter((i) => i.kind === kind);
      expect(found.missing_in_internal).toEqual(of("missing_in_internal").map((i) => i.processorId).sort());
      expect(found.missing_in_processor).toEqual(of("missing_in_processor").map((i) => i.internalId).sort());
      expect(found.amount_mismatch).toEqual(of("amount_mismatch").map((i) => `${i.processorId}/${i.internalId}`).sort());
      expect(truth.processorCount).toBe(s.raw.balanceTransactions.length);
      expect(truth.internalCount).toBe(s.ledger.length);
    }
  });

  it("plants discrepancies among refunds, disputes, Stripe fees, payouts and transfers too", () => {
    const s = stripeDay();
    const byId = new Map(s.raw.balanceTransactions.map((t) => [t.id, t]));
    const planted = (kind: string) =>
      s.truth.items.filter((i) => i.kind === kind && i.processorId !== undefined).map((i) => `${byId.get(i.processorId!)!.type}/${byId.get(i.processorId!)!.reporting_category}`).sort();
    expect(planted("missing_in_internal").filter((k) => k !== "charge/charge")).toEqual(["adjustment/dispute", "refund/refund", "stripe_fee/fee"]);
    expect(planted("amount_mismatch").filter((k) => k !== "charge/charge")).toEqual(["payout/payout", "transfer/transfer"]);
    const ghosts = s.truth.items.filter((i) => i.kind === "missing_in_processor").map((i) => s.ledger.find((r) => r.id === i.internalId)!.processor_ref);
    expect(ghosts.filter((ref) => ref?.startsWith("re_"))).toHaveLength(1);
    expect(ghosts.filter((ref) => ref?.startsWith("ch_")).length).toBeGreaterThanOrEqual(2);
    // Booked by the id the ledger knows: refunds, disputes, payouts, transfers, top-ups and fees by their own.
    const refs = new Set(s.ledger.map((r) => r.processor_ref?.slice(0, r.processor_ref.indexOf("_"))));
    expect([...refs].sort()).toEqual(["ch", "dp", "fee", "pi", "po", "re", "tr", "tu", "txn"]);
  });

  it("uses payment intents as processor_ref for some charges and mixes in JPY", () => {
    const s = stripeDay({ size: 500 });
    const charges = s.ledger.filter((r) => r.processor_ref?.startsWith("ch_") || r.processor_ref?.startsWith("pi_"));
    const pi = charges.filter((r) => r.processor_ref?.startsWith("pi_")).length;
    expect(pi / charges.length).toBeGreaterThan(0.1);
    expect(pi / charges.length).toBeLessThan(0.3);
    const jpy = s.ledger.filter((r) => r.currency === "JPY");
    expect(jpy.length).toBeGreaterThan(0);
    for (const row of jpy) expect(row.amount).toMatch(/^-?\d+$/);
  });

  it("holds charges only, and no payouts, below 20 records", () => {
    for (const size of [0, 5, 19]) {
      const s = stripeDay({ size });
      expect(s.raw.balanceTransactions).toHaveLength(size);
      expect(s.raw.balanceTransactions.every((t) => t.type === "charge")).toBe(true);
      expect(s.raw.payoutContents).toEqual({});
    }
    expect(stripeDay({ size: 20 }).raw.balanceTransactions.some((t) => t.type === "refund")).toBe(true);
  });
});
