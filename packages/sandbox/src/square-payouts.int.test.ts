import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScenarioStore } from "./scenario-store";
import { startSquareEmulator, type SquareEmulator } from "./square-emulator";
import type { SquarePayout, SquarePayoutEntry } from "./square-types";

const RUN_DATE = "2025-10-09";
const store = createScenarioStore({ seed: 3, size: 120 });
let withPayouts: SquareEmulator;
let withoutPayouts: SquareEmulator;

beforeAll(async () => {
  withPayouts = await startSquareEmulator({ store, defaultDates: [RUN_DATE], payouts: true });
  withoutPayouts = await startSquareEmulator({ store, defaultDates: [RUN_DATE] });
});
afterAll(async () => {
  await withPayouts.close();
  await withoutPayouts.close();
});

async function get(emulator: SquareEmulator, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${emulator.baseUrl}${path}`, { headers: { authorization: `Bearer ${emulator.accessToken}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const DAY = `begin_time=${RUN_DATE}T00:00:00Z&end_time=2025-10-10T00:00:00Z`;

describe("square emulator payouts", () => {
  it("serves one payout per currency whose amount is the sum of its entries' nets, paged by cursor", async () => {
    const raw = store.get("square", RUN_DATE).raw;
    const first = await get(withPayouts, `/v2/payouts?${DAY}&sort_order=ASC&limit=1`);
    expect(first.status).toBe(200);
    const listed: SquarePayout[] = [...(first.body.payouts as SquarePayout[])];
    let cursor = first.body.cursor as string | undefined;
    while (cursor) {
      const next = await get(withPayouts, `/v2/payouts?${DAY}&sort_order=ASC&limit=1&cursor=${cursor}`);
      listed.push(...(next.body.payouts as SquarePayout[]));
      cursor = next.body.cursor as string | undefined;
    }
    expect(listed.map((p) => p.id)).toEqual(raw.payouts.map((p) => p.id));
    expect(new Set(listed.map((p) => p.amount_money.currency)).size).toBe(listed.length);

    for (const payout of listed) {
      expect(payout).toMatchObject({ status: "PAID", arrival_date: "2025-10-10" });
      const entries: SquarePayoutEntry[] = [];
      let entryCursor: string | undefined;
      do {
        const page = await get(withPayouts, `/v2/payouts/${payout.id}/payout-entries?sort_order=ASC&limit=30${entryCursor ? `&cursor=${entryCursor}` : ""}`);
        expect(page.status).toBe(200);
        entries.push(...((page.body.payout_entries as SquarePayoutEntry[] | undefined) ?? []));
        entryCursor = page.body.cursor as string | undefined;
      } while (entryCursor);
      expect(entries).toEqual(raw.payoutEntries[payout.id]);
      expect(entries.reduce((sum, e) => sum + e.net_amount_money.amount, 0)).toBe(payout.amount_money.amount);
      for (const e of entries) expect(e.net_amount_money.amount).toBe(e.gross_amount_money.amount - e.fee_amount_money.amount);
    }
    const all = Object.values(raw.payoutEntries).flat();
    expect(all.filter((e) => e.type === "CHARGE").map((e) => e.type_charge_details?.payment_id).sort()).toEqual(raw.payments.map((p) => p.id).sort());
    expect(all.filter((e) => e.type === "REFUND").map((e) => e.type_refund_details?.refund_id).sort()).toEqual(raw.refunds.map((r) => r.id).sort());
    expect(all.filter((e) => e.type === "FEE")).toHaveLength(1);
  });

  it("filters on created_at and status, and answers Square's errors", async () => {
    expect((await get(withPayouts, `/v2/payouts?begin_time=2025-10-09T00:00:00Z&end_time=2025-10-09T23:59:59Z`)).body).toEqual({});
    expect((await get(withPayouts, `/v2/payouts?${DAY}&status=SENT`)).body).toEqual({});
    const badStatus = await get(withPayouts, `/v2/payouts?${DAY}&status=LOST`);
    expect(badStatus.status).toBe(400);
    expect(badStatus.body).toMatchObject({ errors: [{ category: "INVALID_REQUEST_ERROR", code: "INVALID_ENUM_VALUE", field: "status" }] });
    const unknown = await get(withPayouts, "/v2/payouts/po_nope/payout-entries");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ errors: [{ code: "NOT_FOUND" }] });
    const res = await fetch(`${withPayouts.baseUrl}/v2/payouts?${DAY}`);
    expect(res.status).toBe(401);
  });

  it("serves no payouts unless asked to (the generated ledger does not book them)", async () => {
    expect((await get(withoutPayouts, `/v2/payouts?${DAY}`)).body).toEqual({});
    expect((await get(withoutPayouts, `/v2/payouts/${store.get("square", RUN_DATE).raw.payouts[0]!.id}/payout-entries`)).status).toBe(404);
  });
});
