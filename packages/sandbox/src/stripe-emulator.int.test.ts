import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScenarioStore } from "./scenario-store";
import { startStripeEmulator, type StripeEmulator } from "./stripe-emulator";

const RUN_DATE = "2024-03-01";
const gte = Date.UTC(2024, 2, 1) / 1000;
const lt = gte + 86_400;
const store = createScenarioStore({ seed: 5, size: 120 });
let emulator: StripeEmulator;

interface ListBody {
  object: string;
  url: string;
  has_more: boolean;
  data: Array<{ id: string; created: number; type: string; reporting_category: string; currency: string; net: number; source: unknown }>;
}

interface StripeBody extends Partial<ListBody> {
  error: { type: string; message: string; code?: string; param?: string };
}

async function get(path: string, key = "sk_test_sandbox"): Promise<{ status: number; body: StripeBody }> {
  const res = await fetch(`${emulator.baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, body: (await res.json()) as StripeBody };
}

beforeAll(async () => {
  emulator = await startStripeEmulator({
    store,
    defaultDates: [RUN_DATE],
    faults: [
      { type: "rate_limit", requests: [1] },
      { type: "rate_limit", requests: [2], retryAfterSeconds: null },
    ],
  });
});
afterAll(() => emulator.close());

describe("stripe emulator", () => {
  it("answers a planned 429 with Stripe's rate-limit body and Retry-After", async () => {
    const res = await fetch(`${emulator.baseUrl}/v1/balance_transactions`, { headers: { authorization: "Bearer sk_test_sandbox" } });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(await res.json()).toMatchObject({ error: { type: "invalid_request_error", code: "rate_limit" } });
    const bare = await fetch(`${emulator.baseUrl}/v1/balance_transactions`, { headers: { authorization: "Bearer sk_test_sandbox" } });
    expect(bare.status).toBe(429);
    expect(bare.headers.has("retry-after")).toBe(false);
    expect(await bare.json()).toMatchObject({ error: { type: "invalid_request_error", code: "rate_limit" } });
  });

  it("rejects a wrong key with Stripe's 401 body, masking the key", async () => {
    const { status, body } = await get("/v1/balance_transactions", "sk_test_wrongkey1234");
    expect(status).toBe(401);
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toBe("Invalid API Key provided: sk_test_********1234");
    const missing = await fetch(`${emulator.baseUrl}/v1/balance_transactions`);
    expect(missing.status).toBe(401);
  });

  it("answers unknown paths with a Stripe 404 and validates limit", async () => {
    expect((await get("/v1/nope")).status).toBe(404);
    expect((await get("/v1/nope")).body.error.message).toMatch(/Unrecognized request URL \(GET: \/v1\/nope\)/);
    for (const bad of ["0", "101", "abc"]) {
      const { status, body } = await get(`/v1/balance_transactions?limit=${bad}`);
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ type: "invalid_request_error", param: "limit" });
    }
  });

  it("defaults to 10 newest-first records and pages forward without gaps", async () => {
    const first = (await get(`/v1/balance_transactions?created[gte]=${gte}&created[lt]=${lt}`)).body as ListBody;
    expect(first).toMatchObject({ object: "list", url: "/v1/balance_transactions", has_more: true });
    expect(first.data).toHaveLength(10);
    const seen: ListBody["data"] = [];
    let after: string | undefined;
    for (;;) {
      const q = `created%5Bgte%5D=${gte}&created%5Blt%5D=${lt}&limit=50${after ? `&starting_after=${after}` : ""}`;
      const page = (await get(`/v1/balance_transactions?${q}`)).body as ListBody;
      seen.push(...page.data);
      if (!page.has_more) break;
      after = page.data.at(-1)!.id;
    }
    const count = store.get("stripe", RUN_DATE).truth.processorCount;
    expect(count).toBeGreaterThan(120); // the day's 120 plus its payouts
    expect(seen).toHaveLength(count);
    expect(new Set(seen.map((t) => t.id)).size).toBe(count);
    for (let i = 1; i < seen.length; i++) expect(seen[i - 1]!.created).toBeGreaterThanOrEqual(seen[i]!.created);
  });

  it("pages backward with ending_before", async () => {
    const all = (await get(`/v1/balance_transactions?limit=100&created[gte]=${gte}&created[lt]=${lt}`)).body as ListBody;
    const cursor = all.data[30]!.id;
    const page = (await get(`/v1/balance_transactions?limit=10&ending_before=${cursor}&created[gte]=${gte}&created[lt]=${lt}`))
      .body as ListBody;
    expect(page.data.map((t) => t.id)).toEqual(all.data.slice(20, 30).map((t) => t.id));
    expect(page.has_more).toBe(true);
    expect((await get(`/v1/balance_transactions?starting_after=txn_nope`)).body.error.code).toBe("resource_missing");
  });

  it("filters by created and expands data.source, brackets encoded or not", async () => {
    const mid = gte + 43_200;
    const expected = store.get("stripe", RUN_DATE).raw.balanceTransactions.filter((t) => t.created > mid && t.created <= mid + 3600);
    for (const expand of ["expand[]=data.source", "expand%5B0%5D=data.source"]) {
      const page = (await get(`/v1/balance_transactions?limit=100&created[gt]=${mid}&created[lte]=${mid + 3600}&${expand}`))
        .body as ListBody;
      expect(page.data.map((t) => t.id).sort()).toEqual(expected.map((t) => t.id).sort());
      const charged = page.data.find((t) => t.type === "charge")!;
      expect(charged.source).toMatchObject({ object: "charge", status: "succeeded", id: expected.find((t) => t.id === charged.id)!.source });
    }
    expect((await get(`/v1/balance_transactions?expand[]=data.nope`)).status).toBe(400);
  });

  it("expands every kind of source to the object Stripe would return, and leaves Stripe's own fees without one", async () => {
    const raw = store.get("stripe", RUN_DATE).raw;
    const page = (await get(`/v1/balance_transactions?limit=100&created[gte]=${gte}&created[lt]=${lt}&type=adjustment&expand[]=data.source`)).body as ListBody;
    expect(page.data.length).toBe(raw.balanceTransactions.filter((t) => t.type === "adjustment").length);
    for (const txn of page.data) {
      if (txn.reporting_category === "other_adjustment") expect(txn.source).toBeNull();
      else expect(txn.source).toMatchObject({ object: "dispute", balance_transactions: expect.arrayContaining([expect.objectContaining({ id: txn.id })]) });
    }
    const objects: Record<string, string> = { charge: "charge", refund: "refund", payout: "payout", application_fee: "application_fee", transfer: "transfer", topup: "topup" };
    for (const [type, object] of Object.entries(objects)) {
      const one = raw.balanceTransactions.find((t) => t.type === type)!;
      const listed = (await get(`/v1/balance_transactions?source=${one.source as string}&created[gte]=${gte}&created[lt]=${lt}&expand[]=data.source`)).body as ListBody;
      expect(listed.data.map((t) => t.id)).toEqual([one.id]);
      expect(listed.data[0]!.source).toMatchObject({ id: one.source, object });
    }
    const fees = (await get(`/v1/balance_transactions?type=stripe_fee&created[gte]=${gte}&created[lt]=${lt}&expand[]=data.source`)).body as ListBody;
    expect(fees.data.length).toBeGreaterThan(0);
    for (const fee of fees.data) expect(fee.source).toBeNull();
  });

  it("lists what an automatic payout paid out, and the payout itself, with the payout filter", async () => {
    const raw = store.get("stripe", RUN_DATE).raw;
    const payout = raw.balanceTransactions.find((t) => t.type === "payout")!;
    const contents = raw.payoutContents[payout.source as string]!;
    const seen: ListBody["data"] = [];
    let after: string | undefined;
    for (;;) {
      const page = (await get(`/v1/balance_transactions?payout=${payout.source as string}&limit=100${after ? `&starting_after=${after}` : ""}`)).body as ListBody;
      seen.push(...page.data);
      if (!page.has_more) break;
      after = page.data.at(-1)!.id;
    }
    expect(seen.map((t) => t.id).sort()).toEqual([...contents.balanceTransactionIds, payout.id].sort());
    expect(seen.reduce((sum, t) => sum + t.net, 0)).toBe(0);
    expect(new Set(seen.map((t) => t.currency))).toEqual(new Set([payout.currency]));
    // Other filters still apply: only the payout itself was created on its own day.
    const sameDay = (await get(`/v1/balance_transactions?payout=${payout.source as string}&created[gte]=${gte}&created[lt]=${lt}`)).body as ListBody;
    expect(sameDay.data.map((t) => t.id)).toEqual([payout.id]);
    const charges = (await get(`/v1/balance_transactions?payout=${payout.source as string}&type=charge&limit=100`)).body as ListBody;
    expect(charges.data.length).toBeGreaterThan(0);
    expect(charges.data.every((t) => t.type === "charge")).toBe(true);
    const unknown = await get("/v1/balance_transactions?payout=po_unknown");
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ type: "invalid_request_error", code: "resource_missing", param: "payout", message: "No such payout: 'po_unknown'" });
  });

  it("counts every request", () => {
    expect(emulator.requestCount()).toBeGreaterThan(10);
  });
});
