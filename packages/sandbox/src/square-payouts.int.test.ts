import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScenarioStore } from "./scenario-store";
import { startSquareEmulator, type SquareEmulator } from "./square-emulator";
import { SQUARE_MAIN_LOCATION_ID, SQUARE_SANDBOX_LOCATIONS } from "./square-locations";
import type { SquarePayout, SquarePayoutEntry, SquarePayoutMoney } from "./square-types";

const RUN_DATE = "2025-10-09";
const store = createScenarioStore({ seed: 3, size: 120 });
let emulator: SquareEmulator;

beforeAll(async () => {
  emulator = await startSquareEmulator({ store, defaultDates: [RUN_DATE] });
});
afterAll(async () => {
  await emulator.close();
});

async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${emulator.baseUrl}${path}`, { headers: { authorization: `Bearer ${emulator.accessToken}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const DAY = `begin_time=${RUN_DATE}T00:00:00Z&end_time=2025-10-10T00:00:00Z`;
const currencyOf = (money: SquarePayoutMoney) => ("currency" in money ? money.currency : money.currency_code);

/** Every payout of the day for one location (or the default when null), following cursors one at a time. */
async function listAll(location: string | null): Promise<SquarePayout[]> {
  const listed: SquarePayout[] = [];
  let cursor: string | undefined;
  do {
    const page = await get(`/v2/payouts?${DAY}&sort_order=ASC&limit=1${location ? `&location_id=${location}` : ""}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(page.status).toBe(200);
    listed.push(...((page.body.payouts as SquarePayout[] | undefined) ?? []));
    cursor = page.body.cursor as string | undefined;
  } while (cursor);
  return listed;
}

describe("square emulator payouts (served by default)", () => {
  it("serves one payout per (location, currency): the main location's without location_id, any location's with it", async () => {
    const raw = store.get("square", RUN_DATE).raw;
    const main = await listAll(null);
    expect(main.length).toBeGreaterThan(0);
    expect(main.every((p) => p.location_id === SQUARE_MAIN_LOCATION_ID)).toBe(true);
    const all: SquarePayout[] = [];
    for (const location of SQUARE_SANDBOX_LOCATIONS) {
      const listed = await listAll(location.id);
      expect(listed.length, location.id).toBeGreaterThan(0);
      expect(new Set(listed.map((p) => currencyOf(p.amount_money))).size).toBe(listed.length);
      all.push(...listed);
    }
    expect(await listAll(SQUARE_MAIN_LOCATION_ID)).toEqual(main);
    expect(all.map((p) => p.id).sort()).toEqual(raw.payouts.map((p) => p.id).sort());
    // Square's examples write money both ways; the sandbox does too, deterministically.
    expect(new Set(all.map((p) => ("currency" in p.amount_money ? "currency" : "currency_code")))).toEqual(new Set(["currency", "currency_code"]));
  });

  it("serves every payout's entries, whose nets add up to its amount, paged by cursor", async () => {
    const raw = store.get("square", RUN_DATE).raw;
    for (const payout of raw.payouts) {
      const entries: SquarePayoutEntry[] = [];
      let cursor: string | undefined;
      do {
        const page = await get(`/v2/payouts/${payout.id}/payout-entries?sort_order=ASC&limit=30${cursor ? `&cursor=${cursor}` : ""}`);
        expect(page.status).toBe(200);
        entries.push(...((page.body.payout_entries as SquarePayoutEntry[] | undefined) ?? []));
        cursor = page.body.cursor as string | undefined;
      } while (cursor);
      expect(payout).toMatchObject({ status: "PAID", type: "BATCH", arrival_date: "2025-10-10" });
      expect(entries).toEqual(raw.payoutEntries[payout.id]);
      expect(entries.reduce((sum, e) => sum + e.net_amount_money.amount, 0)).toBe(payout.amount_money.amount);
      for (const e of entries) {
        expect(e.net_amount_money.amount).toBe(e.gross_amount_money.amount - e.fee_amount_money.amount);
        for (const money of [e.gross_amount_money, e.fee_amount_money, e.net_amount_money]) expect(currencyOf(money)).toBe(currencyOf(payout.amount_money));
      }
    }
    const all = Object.values(raw.payoutEntries).flat();
    expect(all.filter((e) => e.type === "CHARGE").map((e) => e.type_charge_details?.payment_id).sort()).toEqual(raw.payments.map((p) => p.id).sort());
    expect(all.filter((e) => e.type === "REFUND").map((e) => e.type_refund_details?.refund_id).sort()).toEqual(raw.refunds.map((r) => r.id).sort());
    expect(all.filter((e) => e.type === "REFUND").every((e) => e.fee_amount_money.amount <= 0)).toBe(true);
    expect(all.filter((e) => e.type === "SUBSCRIPTION_FEE")).toHaveLength(1);
    // The instant transfers (two locations' USD): a payout_fee and the DEPOSIT_FEE entry that carries it.
    const instant = raw.payouts.filter((p) => p.payout_fee !== undefined);
    expect(instant.map((p) => p.location_id).sort()).toEqual(["LSANDBOX0CLOSED", "LSANDBOX0PIER"]);
    for (const payout of instant) {
      expect(payout.destination.type).toBe("CARD");
      const depositFee = raw.payoutEntries[payout.id]!.filter((e) => e.type === "DEPOSIT_FEE");
      expect(depositFee.map((e) => e.fee_amount_money.amount)).toEqual(payout.payout_fee!.map((f) => f.amount_money.amount));
    }
  });

  it("filters on created_at and status, and answers Square's errors", async () => {
    expect((await get(`/v2/payouts?begin_time=2025-10-09T00:00:00Z&end_time=2025-10-09T23:59:59Z`)).body).toEqual({});
    expect((await get(`/v2/payouts?${DAY}&status=SENT`)).body).toEqual({});
    const badStatus = await get(`/v2/payouts?${DAY}&status=LOST`);
    expect(badStatus.status).toBe(400);
    expect(badStatus.body).toMatchObject({ errors: [{ category: "INVALID_REQUEST_ERROR", code: "INVALID_ENUM_VALUE", field: "status" }] });
    const unknownLocation = await get(`/v2/payouts?${DAY}&location_id=LNOPE`);
    expect(unknownLocation.status).toBe(404);
    expect(unknownLocation.body).toMatchObject({ errors: [{ category: "INVALID_REQUEST_ERROR", code: "NOT_FOUND", field: "location_id" }] });
    const unknown = await get("/v2/payouts/po_nope/payout-entries");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ errors: [{ code: "NOT_FOUND" }] });
    const res = await fetch(`${emulator.baseUrl}/v2/payouts?${DAY}`);
    expect(res.status).toBe(401);
  });
});
