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
  data: Array<{ id: string; created: number; source: unknown }>;
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
    faults: [{ type: "rate_limit", requests: [1] }],
  });
});
afterAll(() => emulator.close());

describe("stripe emulator", () => {
  it("answers a planned 429 with Stripe's rate-limit body and Retry-After", async () => {
    const res = await fetch(`${emulator.baseUrl}/v1/balance_transactions`, { headers: { authorization: "Bearer sk_test_sandbox" } });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(await res.json()).toMatchObject({ error: { type: "invalid_request_error", code: "rate_limit" } });
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
    expect(seen).toHaveLength(120);
    expect(new Set(seen.map((t) => t.id)).size).toBe(120);
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
      expect(page.data[0]!.source).toMatchObject({ object: "charge", status: "succeeded" });
    }
    expect((await get(`/v1/balance_transactions?expand[]=data.nope`)).status).toBe(400);
  });

  it("counts every request", () => {
    expect(emulator.requestCount()).toBeGreaterThan(10);
  });
});
