// `recon bench --reuse`: a day kept by one run is reconciled again by the next, starting from the
// state a fresh load leaves (no runs, breaks or plans of the earlier run), and a day that is not
// the one --size and --seed describe is refused. A tiny day: this checks the command, not speed.
import { dropDatabase, withDatabase } from "@recon/db";
import { testPostgresServerUrl } from "@recon/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryDatabase, runRecon } from "../testing/cli-process";

const SIZE = "2000";
let env: NodeJS.ProcessEnv;
let keptUrl: string | undefined;

/** The `name: value` lines a bench run printed. */
function figures(stdout: string): Map<string, string> {
  const lines = stdout.split("\n").map((text) => /^([a-z0-9_]+): (.*)$/.exec(text));
  return new Map(lines.filter((m) => m !== null).map((m) => [m[1]!, m[2]!]));
}

beforeAll(async () => {
  env = { PATH: process.env.PATH, DATABASE_URL: await testPostgresServerUrl() };
});
afterAll(async () => {
  if (keptUrl !== undefined) await dropDatabase(keptUrl);
});

describe("recon bench --reuse", () => {
  it("reconciles a kept day again from a fresh state, scores it, and never drops it", async () => {
    const first = await runRecon(["bench", "--size", SIZE, "--keep"], env);
    expect(first.code, first.stderr).toBe(0);
    keptUrl = /kept (\S+)/.exec(first.stderr)?.[1];
    expect(keptUrl).toBeDefined();
    const loaded = figures(first.stdout);
    expect(loaded.get("ingest_ours_vs_copy")).toMatch(/^\d+\.\d{3}$/);

    const again = await runRecon(["bench", "--size", SIZE, "--reuse", keptUrl!], env);
    expect(again.code, again.stderr).toBe(0);
    const reused = figures(again.stdout);
    expect(reused.get("ingest")).toMatch(/^not measured/);
    expect(reused.has("ingest_ours_vs_copy")).toBe(false);
    expect(reused.get("processor_rows")).toBe(loaded.get("processor_rows"));
    expect(Number(reused.get("reconcile_ms"))).toBeGreaterThan(0);
    // Scored against the regenerated truth: a run that met the first run's results and breaks
    // (or its run row, which startRun would hand back) would not find every discrepancy again.
    expect(reused.get("accuracy_min_recall")).toBe("1.0000");
    expect(reused.get("accuracy_min_precision")).toBe("1.0000");
    const runs = await queryDatabase<{ n: string }>(keptUrl!, "SELECT count(*)::text AS n FROM reconciliation_runs WHERE processor_name = 'stripe'");
    expect(runs[0]!.n).toBe("1");
    // Not dropped, though --keep was not given.
    expect(await queryDatabase<{ n: string }>(keptUrl!, "SELECT count(*)::text AS n FROM processor_transactions")).toEqual([
      { n: reused.get("processor_rows") },
    ]);
  }, 600_000);

  it("refuses a database the bench did not make, before touching it", async () => {
    const live = withDatabase(env.DATABASE_URL!, "recon_live");
    const refused = await runRecon(["bench", "--reuse", live], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/--reuse: \S+\/recon_live is not a database recon bench made \(recon_bench_…\); refusing to empty its runs and breaks/);
    // Refused before connecting: the database was not created (nor migrated, nor emptied).
    // (Asked of the server's maintenance database: the test server's own database may not exist.)
    const server = withDatabase(env.DATABASE_URL!, "postgres");
    expect(await queryDatabase<{ n: string }>(server, "SELECT count(*)::text AS n FROM pg_database WHERE datname = 'recon_live'")).toEqual([{ n: "0" }]);
  }, 120_000);

  it("refuses a kept day that is not the one --size and --seed describe, naming both", async () => {
    expect(keptUrl, "the first test keeps a day").toBeDefined();
    const wrong = await runRecon(["bench", "--size", "1000", "--reuse", keptUrl!], env);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/--reuse: the database holds \d+ processor and \d+ ledger rows, the day of --size 1000 --seed \d+ has \d+ and \d+/);
  }, 300_000);
});
