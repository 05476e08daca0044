import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScenarioStore } from "./scenario-store";
import { startSquareEmulator, type SquareEmulator } from "./square-emulator";
import { SQUARE_MAIN_LOCATION_ID } from "./square-locations";
import type { SquareLocation, SquarePayment, SquareRefund } from "./square-types";

const RUN_DATE = "2025-10-09";
const store = createScenarioStore({ seed: 3, size: 120 });
let emulator: SquareEmulator;
let limited: SquareEmulator;

beforeAll(async () => {
  emulator = await startSquareEmulator({ store, defaultDates: [RUN_DATE] });
  limited = await startSquareEmulator({ store, defaultDates: [RUN_DATE], scopes: ["PAYMENTS_READ"] });
});
afterAll(async () => {
  await emulator.close();
  await limited.close();
});

async function get(path: string, on = emulator): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${on.baseUrl}${path}`, { headers: { authorization: `Bearer ${on.accessToken}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const DAY = `begin_time=${RUN_DATE}T00:00:00Z&end_time=2025-10-10T00:00:00Z&sort_order=ASC`;

describe("square emulator locations", () => {
  it("lists every location, inactive ones included, alphabetically by name, the main one first", async () => {
    const { status, body } = await get("/v2/locations");
    expect(status).toBe(200);
    const locations = body.locations as SquareLocation[];
    expect(locations.length).toBeGreaterThanOrEqual(2);
    expect(locations[0]!.id).toBe(SQUARE_MAIN_LOCATION_ID);
    expect(locations.map((l) => l.name)).toEqual([...locations.map((l) => l.name)].sort());
    expect(locations.map((l) => l.status)).toContain("INACTIVE");
    expect(Object.keys(body)).toEqual(["locations"]);
  });

  it("answers payments for the main location without location_id, for the named one with it; refunds for all unless named", async () => {
    const raw = store.get("square", RUN_DATE).raw;
    const locations = ((await get("/v2/locations")).body.locations as SquareLocation[]).map((l) => l.id);
    const payments = async (query: string) => ((await get(`/v2/payments?${DAY}${query}`)).body.payments as SquarePayment[] | undefined) ?? [];
    const refunds = async (query: string) => ((await get(`/v2/refunds?${DAY}${query}`)).body.refunds as SquareRefund[] | undefined) ?? [];
    const main = await payments("");
    expect(main.length).toBeGreaterThan(0);
    expect(main.every((p) => p.location_id === SQUARE_MAIN_LOCATION_ID)).toBe(true);
    expect(main.length).toBeLessThan(raw.payments.length);
    let total = 0;
    for (const id of locations) {
      const at = await payments(`&location_id=${id}`);
      expect(at.every((p) => p.location_id === id)).toBe(true);
      expect(at).toHaveLength(raw.payments.filter((p) => p.location_id === id).length);
      total += at.length;
      expect((await refunds(`&location_id=${id}`)).every((r) => r.location_id === id)).toBe(true);
    }
    expect(total).toBe(raw.payments.length);
    expect((await refunds("")).map((r) => r.id).sort()).toEqual(raw.refunds.map((r) => r.id).sort());
    expect(new Set(raw.refunds.map((r) => r.location_id)).size).toBeGreaterThan(1);
  });

  it("refuses a token without the scope a call needs, as Square does (403 INSUFFICIENT_SCOPES)", async () => {
    const refused = await get("/v2/locations", limited);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      errors: [
        {
          category: "AUTHENTICATION_ERROR",
          code: "INSUFFICIENT_SCOPES",
          detail: "The merchant has not given your application sufficient permissions to do that. The merchant must authorize your application for the following scopes: MERCHANT_PROFILE_READ",
        },
      ],
    });
    expect((await get(`/v2/payouts?${DAY}`, limited)).status).toBe(403);
    expect((await get(`/v2/payments?${DAY}`, limited)).status).toBe(200);
  });
});
