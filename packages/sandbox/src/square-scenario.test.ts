import { toMinorUnits } from "@recon/domain";
import { describe, expect, it } from "vitest";
import { generateScenario } from "./generate-scenario";
import type { SquareScenario } from "./scenario-types";
import { SQUARE_MAIN_LOCATION_ID, SQUARE_SANDBOX_LOCATIONS } from "./square-locations";
import type { SquarePayoutMoney } from "./square-types";

const RUN_DATE = "2025-10-09";
const amount = (money: SquarePayoutMoney) => BigInt(money.amount);

interface Side {
  id: string;
  ids: string[];
  gross: bigint;
  fee: bigint;
  currency: string;
  location: string;
}

/** The day's records as a correct connector reads them (payments, refunds, payouts: gross = -amount, fee = payout_fee). */
function processorSide(s: SquareScenario): Side[] {
  const { payments, refunds, payouts } = s.raw;
  return [
    ...payments.map((p) => ({ id: p.id, ids: [p.id, p.order_id], gross: amount(p.total_money), fee: amount(p.processing_fee[0]!.amount_money), currency: p.total_money.currency, location: p.location_id })),
    ...refunds.map((r) => ({ id: r.id, ids: [r.id], gross: -amount(r.amount_money), fee: amount(r.processing_fee![0]!.amount_money), currency: r.amount_money.currency, location: r.location_id })),
    ...payouts.map((p) => ({
      id: p.id,
      ids: [p.id],
      gross: -amount(p.amount_money),
      fee: (p.payout_fee ?? []).reduce((sum, f) => sum + amount(f.amount_money), 0n),
      currency: "currency" in p.amount_money ? p.amount_money.currency : p.amount_money.currency_code,
      location: p.location_id,
    })),
  ];
}

/** A deliberately naive join: ledger processor_ref against every id of a record; then amount, then fee when booked. */
function naiveFindings(s: SquareScenario): string[] {
  const records = processorSide(s);
  const byId = new Map(records.flatMap((r) => r.ids.map((id) => [id, r] as const)));
  const found: string[] = [];
  const matched = new Set<string>();
  for (const row of s.ledger) {
    const r = row.processor_ref ? byId.get(row.processor_ref) : undefined;
    if (!r) {
      found.push(`missing_in_processor//${row.id}`);
      continue;
    }
    matched.add(r.id);
    if (r.currency !== row.currency) found.push(`currency_mismatch/${r.id}/${row.id}`);
    else if (r.gross !== toMinorUnits(row.amount, row.currency)) found.push(`amount_mismatch/${r.id}/${row.id}`);
    else if (row.fee !== null && toMinorUnits(row.fee, row.currency) !== r.fee) found.push(`fee_mismatch/${r.id}/${row.id}`);
  }
  for (const r of records) if (!matched.has(r.id)) found.push(`missing_in_internal/${r.id}/`);
  return found.sort();
}

describe("the Square sandbox day", () => {
  it.each([1, 8, 77])("has a truth (seed %i) that a naive join of every location's payments, refunds and payouts agrees with", (seed) => {
    const s = generateScenario({ processor: "square", runDate: RUN_DATE, seed });
    expect(naiveFindings(s)).toEqual(s.truth.items.map((i) => `${i.kind}/${i.processorId ?? ""}/${i.internalId ?? ""}`).sort());
    expect(s.truth.processorCount).toBe(s.raw.payments.length + s.raw.refunds.length + s.raw.payouts.length);
    expect(s.truth.internalCount).toBe(s.ledger.length);
    // Planted in payouts: the main USD payout's amount, the instant transfer's fee, one other location's payout unbooked.
    const records = new Map(processorSide(s).map((r) => [r.id, r]));
    const inPayouts = s.truth.items.filter((i) => i.processorId?.startsWith("po_"));
    expect(inPayouts.map((i) => i.kind).sort()).toEqual(["amount_mismatch", "fee_mismatch", "missing_in_internal"]);
    expect(inPayouts.filter((i) => records.get(i.processorId!)!.location !== SQUARE_MAIN_LOCATION_ID).length).toBe(2);
    // An instant transfer booked with its fee right: a reader that ignored payout_fee would report it.
    const named = new Set(s.truth.items.map((i) => i.processorId));
    const cleanWithFee = s.raw.payouts.filter((p) => p.payout_fee !== undefined && !named.has(p.id));
    expect(cleanWithFee).toHaveLength(1);
    const booking = s.ledger.find((r) => r.processor_ref === cleanWithFee[0]!.id)!;
    expect(toMinorUnits(booking.fee!, booking.currency)).toBe(amount(cleanWithFee[0]!.payout_fee![0]!.amount_money));
  });

  it("spreads payments over every location, with one payout per (location, currency)", () => {
    const s = generateScenario({ processor: "square", runDate: RUN_DATE });
    for (const location of SQUARE_SANDBOX_LOCATIONS) {
      const taken = s.raw.payments.filter((p) => p.location_id === location.id);
      expect(taken.length, location.id).toBeGreaterThan(0);
      const currencies = new Set(taken.map((p) => p.total_money.currency));
      const payouts = s.raw.payouts.filter((p) => p.location_id === location.id);
      expect(payouts.map((p) => ("currency" in p.amount_money ? p.amount_money.currency : p.amount_money.currency_code)).sort()).toEqual([...currencies].sort());
    }
    // The default day (the accuracy harness's) names records of a non-main location among its planted payments too.
    const payments = new Map(s.raw.payments.map((p) => [p.id, p]));
    expect(s.truth.items.some((i) => payments.get(i.processorId ?? "")?.location_id !== undefined && payments.get(i.processorId!)!.location_id !== SQUARE_MAIN_LOCATION_ID)).toBe(true);
  });

  it("books payouts but plants nothing in a day too small for discrepancies", () => {
    const s = generateScenario({ processor: "square", runDate: RUN_DATE, size: 8 });
    expect(s.truth.items).toEqual([]);
    expect(s.raw.payouts.length).toBeGreaterThan(0);
    expect(naiveFindings(s)).toEqual([]);
  });
});
