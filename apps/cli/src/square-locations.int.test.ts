// End to end, a Square seller with several locations: the real CLI process (fleet workers inside
// it), real Postgres and Redis, the official `square` SDK against the Square emulator and the
// ledger emulator, both started here and configured as real endpoints would be
// (SQUARE_ACCESS_TOKEN / SQUARE_API_BASE, INTERNAL_API_URL / INTERNAL_API_TOKEN).
//
// Square's ListPayments and ListPayouts answer for the seller's main location unless given a
// location_id. A connector that did not fetch per location would store only the main location's
// payments and payouts: the per-location counts below, the matched count and the planted
// discrepancies of the other locations would all fail (tried: dropping `locationId` from the
// connector's two list calls fails this test at the stored records of the other locations).
import { blankSourceSettings } from "@recon/sources";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateScenario, SQUARE_MAIN_LOCATION_ID, SQUARE_SANDBOX_LOCATIONS, startSandbox, type Sandbox } from "@recon/sandbox";
import { createTestDatabase, testRedisUrl, uniquePrefix, type TestDatabase } from "@recon/testing";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryDatabase, runRecon } from "./testing/cli-process";

const DATE = "2025-10-09";
const SEED = 21;
const SIZE = 240;

let database: TestDatabase;
let sandbox: Sandbox;
let reportsDir: string;
let env: NodeJS.ProcessEnv;

const query = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => queryDatabase<T>(database.url, sql, params);

beforeAll(async () => {
  database = await createTestDatabase();
  sandbox = await startSandbox({ seed: SEED, size: SIZE, runDates: [DATE], recordExchanges: true });
  reportsDir = await mkdtemp(join(tmpdir(), "recon-square-locations-"));
  env = {
    ...process.env,
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: uniquePrefix("cli-square"),
    REPORTS_DIR: reportsDir,
    ...blankSourceSettings(),
    SQUARE_ACCESS_TOKEN: sandbox.square.accessToken,
    SQUARE_API_BASE: sandbox.square.baseUrl,
    INTERNAL_API_URL: sandbox.ledger.baseUrl,
    INTERNAL_API_TOKEN: sandbox.ledger.token,
    LOG_LEVEL: "warn",
  };
});

afterAll(async () => {
  await sandbox?.close();
  await database?.drop();
  if (reportsDir) await rm(reportsDir, { recursive: true, force: true });
});

describe("recon run --processors square for a seller with several locations", () => {
  it("stores and reconciles the payments, refunds and payouts of every location, finding exactly the planted discrepancies", async () => {
    const scenario = generateScenario({ processor: "square", runDate: DATE, seed: SEED, size: SIZE });
    const truth = sandbox.truth("square", DATE);
    const result = await runRecon(["run", "--processors", "square", "--date", DATE, "--json"], env, 150_000);
    expect(result.code, result.stderr).toBe(0);
    const [run] = (JSON.parse(result.stdout) as { runs: Array<{ id: string; status: string; counts: Record<string, number> }> }).runs;
    // Real credentials (the emulators standing in for Square and the ledger): not a sandbox run.
    expect(run).toMatchObject({ status: "completed", sandbox: false, sandboxed_sources: [] });

    // Stored: every location's records, by type.
    const stored = await query<{ merchant_id: string; type: string; n: string }>(
      "SELECT merchant_id, type, count(*)::text AS n FROM processor_transactions WHERE processor = 'square' GROUP BY merchant_id, type",
    );
    const servedTypes = [
      ...scenario.raw.payments.map((p) => ({ location: p.location_id, type: "payment" })),
      ...scenario.raw.refunds.map((r) => ({ location: r.location_id, type: "refund" })),
      ...scenario.raw.payouts.map((p) => ({ location: p.location_id, type: "payout" })),
    ];
    const served = new Map<string, number>();
    for (const { location, type } of servedTypes) served.set(`${location}/${type}`, (served.get(`${location}/${type}`) ?? 0) + 1);
    expect(new Map(stored.map((r) => [`${r.merchant_id}/${r.type}`, Number(r.n)]))).toEqual(served);
    const pier = "LSANDBOX0PIER";
    for (const type of ["payment", "refund", "payout"]) expect(served.get(`${pier}/${type}`), `${pier} ${type}`).toBeGreaterThan(0);

    // The CLI asked for every location explicitly (without location_id Square answers for the main one only).
    const asked = sandbox.square.exchanges();
    for (const path of ["/v2/payments", "/v2/payouts"]) {
      const locations = new Set(asked.filter((e) => e.path === path).map((e) => e.query.get("location_id")));
      expect(locations, path).toEqual(new Set(SQUARE_SANDBOX_LOCATIONS.map((l) => l.id)));
    }

    // Reconciled: the stored discrepancies are exactly the truth, and everything else is matched.
    const found = await query<{ kind: string; processor_external_id: string | null; internal_external_id: string | null }>(
      "SELECT kind, processor_external_id, internal_external_id FROM discrepancies WHERE run_id = $1",
      [run!.id],
    );
    const key = (kind: string, p: string | null | undefined, l: string | null | undefined) => `${kind}/${p ?? ""}/${l ?? ""}`;
    expect(found.map((d) => key(d.kind, d.processor_external_id, d.internal_external_id)).sort()).toEqual(
      truth.items.map((i) => key(i.kind, i.processorId, i.internalId)).sort(),
    );
    expect(run!.counts).toEqual(truth.counts);
    const named = new Set(truth.items.flatMap((i) => (i.processorId ? [i.processorId] : [])));
    const [figures] = await query<{ matched_count: number }>("SELECT matched_count FROM reconciliation_runs WHERE id = $1", [run!.id]);
    expect(figures?.matched_count).toBe(truth.processorCount - named.size);

    // The planted findings of other locations were found, payouts among them.
    const location = new Map([...scenario.raw.payments, ...scenario.raw.refunds, ...scenario.raw.payouts].map((r) => [r.id, r.location_id]));
    const elsewhere = found.filter((d) => d.processor_external_id && location.get(d.processor_external_id) !== SQUARE_MAIN_LOCATION_ID);
    expect(elsewhere.filter((d) => d.processor_external_id!.startsWith("po_")).map((d) => d.kind).sort()).toEqual(["fee_mismatch", "missing_in_internal"]);
    expect(elsewhere.some((d) => !d.processor_external_id!.startsWith("po_"))).toBe(true);
    // And the non-main location's clean records are matched: none of them is in any discrepancy.
    const pierClean = [...location].filter(([id, at]) => at === pier && !named.has(id)).map(([id]) => id);
    expect(pierClean.length).toBeGreaterThan(50);
    expect(found.filter((d) => pierClean.includes(d.processor_external_id ?? ""))).toEqual([]);
    const rejected = await query<{ n: string }>("SELECT count(*)::text AS n FROM rejected_records");
    expect(rejected[0]?.n).toBe("0");
  });
});
