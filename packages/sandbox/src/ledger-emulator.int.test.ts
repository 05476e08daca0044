import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LedgerRecord } from "./ledger-record";
import { createScenarioStore } from "./scenario-store";
import { startLedgerEmulator, type LedgerEmulator } from "./ledger-emulator";

const store = createScenarioStore({ seed: 9, size: 150 });
let emulator: LedgerEmulator;

interface LedgerBody {
  error: string;
  data: LedgerRecord[];
  next_cursor: string | null;
}

async function get(path: string, token = "ledger_sandbox"): Promise<{ status: number; body: LedgerBody }> {
  const res = await fetch(`${emulator.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as LedgerBody };
}

beforeAll(async () => {
  emulator = await startLedgerEmulator({ store });
});
afterAll(() => emulator.close());

describe("ledger emulator", () => {
  it("requires the bearer token", async () => {
    expect(await get("/v1/transactions?processor=stripe", "nope")).toEqual({ status: 401, body: { error: "unauthorized" } });
  });

  it("names the bad parameter in a 400", async () => {
    const base = "from=2024-03-01T00:00:00Z&to=2024-03-02T00:00:00Z";
    expect((await get(`/v1/transactions?${base}`)).body.error).toMatch(/^processor:/);
    expect((await get(`/v1/transactions?processor=stripe&from=yesterday&to=2024-03-02T00:00:00Z`)).body.error).toMatch(/^from:/);
    expect((await get(`/v1/transactions?processor=stripe&${base}&limit=1001`)).body.error).toMatch(/^limit:/);
    expect((await get(`/v1/transactions?processor=stripe&${base}&cursor=zzz`)).body.error).toMatch(/^cursor:/);
    expect((await get(`/v1/transactions?processor=stripe&from=2024-03-02T00:00:00Z&to=2024-03-01T00:00:00Z`)).status).toBe(400);
  });

  it("pages a [from, to) window in occurred_at, id order", async () => {
    const from = "2024-03-01T06:00:00.000Z";
    const to = "2024-03-01T18:00:00.000Z";
    const seen: LedgerRecord[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { body } = await get(
        `/v1/transactions?processor=stripe&from=${from}&to=${to}&limit=20${cursor ? `&cursor=${cursor}` : ""}`,
      );
      seen.push(...body.data);
      cursor = body.next_cursor;
      pages += 1;
    } while (cursor);
    const expected = store
      .get("stripe", "2024-03-01")
      .ledger.filter((r) => r.occurred_at >= from && r.occurred_at < to)
      .map((r) => r.id);
    expect(seen.map((r) => r.id)).toEqual(expected);
    expect(pages).toBeGreaterThanOrEqual(3);
  });
});
