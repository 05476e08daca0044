import { afterEach, describe, expect, it } from "vitest";
import type { Fault, RecordCorruptions } from "./faults";
import { startPaypalEmulator, type PaypalEmulator } from "./paypal-emulator";
import { createScenarioStore } from "./scenario-store";

const store = createScenarioStore({ seed: 9, size: 60 });
const DAY = "start_date=2025-10-09T00:00:00Z&end_date=2025-10-09T23:59:59Z";
const day = () => store.get("paypal", "2025-10-09").raw.transactions;
let paypal: PaypalEmulator | undefined;

afterEach(async () => {
  await paypal?.close();
  paypal = undefined;
});

async function start(options: { faults?: Fault[]; duplicates?: RecordCorruptions } = {}): Promise<PaypalEmulator> {
  paypal = await startPaypalEmulator({ store, ...options });
  return paypal;
}

async function token(emulator: PaypalEmulator): Promise<Response> {
  return fetch(`${emulator.baseUrl}/v1/oauth2/token`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from("sandbox_client_id:sandbox_client_secret").toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
}

async function search(emulator: PaypalEmulator, query: string): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const { access_token } = (await (await token(emulator)).json()) as { access_token: string };
  const res = await fetch(`${emulator.baseUrl}/v1/reporting/transactions?${query}`, { headers: { authorization: `Bearer ${access_token}` } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

const ERROR_LINKS = [{ href: expect.stringMatching(/^https:\/\/developer\.paypal\.com\//) as string, rel: "information_link" }];

describe("paypal emulator: PayPal's API description", () => {
  it("serves every date-time as RFC 3339 with a ±hh:mm offset, echoing the window in that form", async () => {
    const { status, body } = await search(await start(), `${DAY}&page_size=500`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ start_date: "2025-10-09T00:00:00+00:00", end_date: "2025-10-09T23:59:59+00:00" });
    expect(body.last_refreshed_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    const details = body.transaction_details as Array<{ transaction_info: { transaction_initiation_date: string } }>;
    expect(details).toHaveLength(day().length);
    for (const { transaction_info: info } of details) expect(info.transaction_initiation_date).toMatch(/^2025-10-09T\d{2}:\d{2}:\d{2}\+00:00$/);
  });

  it("refuses what the description does not allow, one detail per problem: a +0000 date, page_size 501, an unknown parameter or field", async () => {
    const { status, body } = await search(await start(), "start_date=2025-10-09T00:00:00+0000&end_date=2025-10-09T23:59:59Z&page_size=501&fields=transaction_info,receipts&colour=blue");
    expect(status).toBe(400);
    expect(body).toMatchObject({ name: "INVALID_REQUEST", message: "Request is not well-formed, syntactically incorrect, or violates schema.", links: ERROR_LINKS });
    expect((body.details as Array<{ field: string; issue: string }>).map((d) => `${d.field} ${d.issue}`)).toEqual([
      "colour UNKNOWN_PARAMETER",
      "start_date INVALID_PARAMETER_SYNTAX",
      "page_size INVALID_PARAMETER_VALUE",
      "fields INVALID_PARAMETER_VALUE",
    ]);
  });

  it("refuses a filter it does not emulate rather than ignore it, and takes balance_affecting_records_only Y or N", async () => {
    const emulator = await start();
    const refused = await search(emulator, `${DAY}&transaction_amount=${encodeURIComponent("[500 TO 1005]")}`);
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([expect.objectContaining({ field: "transaction_amount", issue: "NOT_SUPPORTED" })]);
    expect((await search(emulator, `${DAY}&balance_affecting_records_only=N`)).status).toBe(200);
    expect((await search(emulator, `${DAY}&balance_affecting_records_only=yes`)).status).toBe(400);
  });

  it("serves only the sections `fields` asks for, and filters on transaction_id, transaction_type and transaction_currency", async () => {
    const emulator = await start();
    const sections = async (query: string) =>
      [...new Set(((await search(emulator, `${DAY}&page_size=500${query}`)).body.transaction_details as object[]).flatMap((d) => Object.keys(d)))].sort();
    expect(await sections("")).toEqual(["transaction_info"]);
    expect(await sections("&fields=all")).toEqual(["payer_info", "transaction_info"]);
    const target = day()[5]!.transaction_info;
    const byId = await search(emulator, `${DAY}&transaction_id=${target.transaction_id}`);
    expect(byId.body).toMatchObject({ total_items: 1, transaction_details: [{ transaction_info: { transaction_id: target.transaction_id } }] });
    const refunds = await search(emulator, `${DAY}&transaction_type=T1107&page_size=500`);
    expect(refunds.body.total_items).toBe(day().filter((t) => t.transaction_info.transaction_event_code === "T1107").length);
    const jpy = await search(emulator, `${DAY}&transaction_currency=JPY&page_size=500`);
    expect(jpy.body.total_items).toBe(day().filter((t) => t.transaction_info.transaction_amount.currency_code === "JPY").length);
  });

  it("leaves transaction_details out of a reply with no records (the description's minItems 1)", async () => {
    const { status, body } = await search(await start(), "start_date=2025-10-01T00:00:00Z&end_date=2025-10-01T00:00:00Z&transaction_id=AAAAAAAAAAAAAAAAA");
    expect(status).toBe(200);
    expect(body).toMatchObject({ page: 1, total_items: 0, total_pages: 0 });
    expect(body).not.toHaveProperty("transaction_details");
  });

  it("lists a planted duplicate right after its original, identical or with the given overrides", async () => {
    const [a, b] = [day()[2]!.transaction_info, day()[7]!.transaction_info];
    const emulator = await start({ duplicates: { [a.transaction_id]: {}, [b.transaction_id]: { transaction_status: "V" } } });
    const { body } = await search(emulator, `${DAY}&page_size=500`);
    const listed = (body.transaction_details as Array<{ transaction_info: { transaction_id: string; transaction_status: string } }>).map((d) => d.transaction_info);
    expect(body.total_items).toBe(day().length + 2);
    const at = listed.findIndex((info) => info.transaction_id === a.transaction_id);
    expect(listed[at + 1]).toEqual(listed[at]);
    const bt = listed.findIndex((info) => info.transaction_id === b.transaction_id);
    expect([listed[bt]!.transaction_status, listed[bt + 1]!.transaction_status]).toEqual([b.transaction_status, "V"]);
  });
});

describe("paypal emulator: error bodies", () => {
  it("401 on a search is AUTHENTICATION_FAILURE exactly as described, for a missing, unknown or (by fault) refused token", async () => {
    const emulator = await start({ faults: [{ type: "unauthorized", requests: [5] }] });
    const expected = {
      name: "AUTHENTICATION_FAILURE",
      message: "Authentication failed due to missing authorization header, or invalid authentication credentials.",
      debug_id: expect.stringMatching(/^[0-9a-f]{14}$/) as string,
      links: ERROR_LINKS,
    };
    const missing = await fetch(`${emulator.baseUrl}/v1/reporting/transactions?${DAY}`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual(expected);
    const unknown = await fetch(`${emulator.baseUrl}/v1/reporting/transactions?${DAY}`, { headers: { authorization: "Bearer A21AAnope" } });
    expect(await unknown.json()).toEqual(expected);
    // Requests 3 (token) and 4 (search) succeed; the fault refuses request 5 with a valid token.
    const { access_token } = (await (await token(emulator)).json()) as { access_token: string };
    const get = () => fetch(`${emulator.baseUrl}/v1/reporting/transactions?${DAY}`, { headers: { authorization: `Bearer ${access_token}` } });
    expect((await get()).status).toBe(200);
    const refused = await get();
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual(expected);
    expect((await get()).status).toBe(200);
  });

  it("the token endpoint answers RFC 6749's invalid_client, also by fault", async () => {
    const emulator = await start({ faults: [{ type: "unauthorized", requests: [1] }] });
    const refused = await token(emulator);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: "invalid_client", error_description: "Client Authentication failed" });
    expect((await token(emulator)).status).toBe(200);
    expect(emulator.tokenCount()).toBe(2);
  });

  it("5xx as described (500 and 502 INTERNAL_SERVER_ERROR, 503 SERVICE_UNAVAILABLE), 429 RATE_LIMIT_REACHED with or without Retry-After", async () => {
    const emulator = await start({
      faults: [
        { type: "server_error", requests: [1], status: 500 },
        { type: "server_error", requests: [2], status: 502 },
        { type: "server_error", requests: [3], status: 503 },
        { type: "rate_limit", requests: [4], retryAfterSeconds: 3 },
        { type: "rate_limit", requests: [5], retryAfterSeconds: null },
      ],
    });
    const replies = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${emulator.baseUrl}/v1/reporting/transactions?${DAY}`);
      replies.push({ status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as Record<string, unknown> });
    }
    const common = { debug_id: expect.any(String) as string, links: ERROR_LINKS };
    expect(replies).toEqual([
      { status: 500, retryAfter: null, body: { name: "INTERNAL_SERVER_ERROR", message: "An internal server error occurred.", ...common } },
      { status: 502, retryAfter: null, body: { name: "INTERNAL_SERVER_ERROR", message: "An internal server error occurred.", ...common } },
      { status: 503, retryAfter: null, body: { name: "SERVICE_UNAVAILABLE", message: "Service Unavailable.", ...common } },
      { status: 429, retryAfter: "3", body: { name: "RATE_LIMIT_REACHED", message: "Too many requests. Blocked due to rate limiting.", ...common } },
      { status: 429, retryAfter: null, body: { name: "RATE_LIMIT_REACHED", message: "Too many requests. Blocked due to rate limiting.", ...common } },
    ]);
  });
});
