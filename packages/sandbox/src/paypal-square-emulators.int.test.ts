import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPaypalEmulator, type PaypalEmulator } from "./paypal-emulator";
import { createScenarioStore } from "./scenario-store";
import { startSquareEmulator, type SquareEmulator } from "./square-emulator";
import { SQUARE_MAIN_LOCATION_ID } from "./square-locations";

const store = createScenarioStore({ seed: 3, size: 250 });
let paypal: PaypalEmulator;
let square: SquareEmulator;

beforeAll(async () => {
  paypal = await startPaypalEmulator({ store, faults: [{ type: "rate_limit", requests: [1] }] });
  square = await startSquareEmulator({ store, defaultDates: ["2025-10-09"], faults: [{ type: "rate_limit", requests: [1] }] });
});
afterAll(async () => {
  await paypal.close();
  await square.close();
});

async function token(): Promise<string> {
  const res = await fetch(`${paypal.baseUrl}/v1/oauth2/token`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from("sandbox_client_id:sandbox_client_secret").toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
  expect(body).toMatchObject({ token_type: "Bearer", expires_in: 32_400 });
  return body.access_token;
}

describe("paypal emulator", () => {
  it("answers a planned 429 with RATE_LIMIT_REACHED, then issues tokens and refuses bad clients", async () => {
    const limited = await fetch(`${paypal.baseUrl}/v1/oauth2/token`, { method: "POST" });
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ name: "RATE_LIMIT_REACHED", debug_id: expect.any(String) as string });
    const bad = await fetch(`${paypal.baseUrl}/v1/oauth2/token`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from("x:y").toString("base64")}` },
      body: "grant_type=client_credentials",
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: "invalid_client", error_description: "Client Authentication failed" });
    expect(await token()).toMatch(/^A21AA/);
  });

  it("pages with page/page_size and enforces the 31-day limit and page_size range, in PayPal's error body", async () => {
    const bearer = await token();
    const get = (query: string, auth = bearer) => fetch(`${paypal.baseUrl}/v1/reporting/transactions?${query}`, { headers: { authorization: `Bearer ${auth}` } });
    const res = await get("start_date=2025-10-09T00:00:00Z&end_date=2025-10-09T23:59:59Z&page_size=50&page=2");
    const body = (await res.json()) as { transaction_details: unknown[]; page: number; total_pages: number; total_items: number; last_refreshed_datetime: string };
    expect(body.page).toBe(2);
    expect(body.transaction_details).toHaveLength(50);
    expect(body.total_pages).toBe(Math.ceil(body.total_items / 50));
    expect(body.last_refreshed_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    const long = await get("start_date=2025-09-01T00:00:00Z&end_date=2025-10-09T00:00:00Z");
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ name: "INVALID_REQUEST", details: [{ field: "end_date", description: "Date range is greater than 31 days" }] });
    expect((await get("start_date=2025-10-09T00:00:00Z&end_date=2025-10-09T01:00:00Z&page_size=501")).status).toBe(400);
    const expired = await get("start_date=2025-10-09T00:00:00Z&end_date=2025-10-09T01:00:00Z", "A21AAnope");
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({
      name: "AUTHENTICATION_FAILURE",
      message: "Authentication failed due to missing authorization header, or invalid authentication credentials.",
    });
  });
});

describe("square emulator", () => {
  it("answers a planned 429 with RATE_LIMITED, and a wrong token with Square's 401 body", async () => {
    const limited = await fetch(`${square.baseUrl}/v2/payments`, { headers: { authorization: "Bearer square_sandbox_token" } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(await limited.json()).toEqual({ errors: [{ category: "RATE_LIMIT_ERROR", code: "RATE_LIMITED", detail: "Rate limit exceeded." }] });
    const wrong = await fetch(`${square.baseUrl}/v2/payments`, { headers: { authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ errors: [{ category: "AUTHENTICATION_ERROR", code: "UNAUTHORIZED" }] });
  });

  it("follows cursors, treats limit > 100 as 100, and rejects a foreign cursor", async () => {
    const get = (query: string) => fetch(`${square.baseUrl}/v2/payments?${query}`, { headers: { authorization: "Bearer square_sandbox_token" } });
    // Without location_id: the main location's payments only (more than 100 of them at this size).
    const atMain = store.get("square", "2025-10-09").raw.payments.filter((p) => p.location_id === SQUARE_MAIN_LOCATION_ID).length;
    expect(atMain).toBeGreaterThan(100);
    expect(atMain).toBeLessThanOrEqual(200);
    const range = "begin_time=2025-10-09T00:00:00Z&end_time=2025-10-10T00:00:00Z&sort_order=ASC";
    const first = (await (await get(`${range}&limit=500`)).json()) as { payments: Array<{ id: string; created_at: string }>; cursor?: string };
    expect(first.payments).toHaveLength(100);
    expect(first.cursor).toBeDefined();
    const second = (await (await get(`${range}&limit=500&cursor=${first.cursor}`)).json()) as { payments: Array<{ id: string }>; cursor?: string };
    expect(second.payments).toHaveLength(atMain - 100);
    expect(second.cursor).toBeUndefined();
    expect(new Set([...first.payments, ...second.payments].map((p) => p.id)).size).toBe(atMain);
    expect(first.payments[0]!.created_at <= first.payments[99]!.created_at).toBe(true);
    const bad = await get(`${range}&cursor=garbage`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ category: "INVALID_REQUEST_ERROR", code: "INVALID_CURSOR", field: "cursor" }] });
  });
});
