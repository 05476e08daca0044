// The real CLI process against real Postgres and Redis: what `recon run` says when there is
// nothing to reconcile (--no-fetch on an empty day), when no worker takes its runs (--remote with
// no fleet), and when it is interrupted (Ctrl-C).
import { eventually, type TestDatabase } from "@recon/testing";
import { CLI_ENTRY, queryDatabase, runRecon } from "./testing/cli-process";
import { startService } from "./testing/service-process";
import { openCliRunEnv, type CliRunEnv } from "./testing/cli-run-env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let run: CliRunEnv;
let database: TestDatabase;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  run = await openCliRunEnv("cli-outcomes", process.env);
  ({ database, env } = run);
});

afterAll(async () => {
  await run?.close();
});

describe("recon run says what happened when nothing could be reconciled", () => {
  it("--no-fetch on a day with nothing stored completes, but warns naming the processor, the day and the empty sides", async () => {
    const result = await runRecon(
      ["run", "--sandbox", "--no-fetch", "--processors", "stripe", "--date", "2025-10-11"],
      env,
      120_000,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Summary: 1\/1 runs completed, 0 transactions missing from the ledger/);
    expect(result.stderr).toContain(
      "recon: warning: stripe 2025-10-11: no stripe records and no ledger records stored for that day, so --no-fetch reconciled 0 processor / 0 ledger records",
    );
  });

  it("--remote with no worker running says no worker picked the run up, counts the run asked for, and exits 1", async () => {
    const result = await runRecon(
      ["run", "--sandbox", "--remote", "--processors", "paypal", "--date", "2025-10-12", "--timeout", "3"],
      env,
      60_000,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("paypal: no worker picked up the run within 3 s");
    // The run asked for is counted (its row is there, running: the flow waits in the queues).
    expect(result.stdout).toContain("Summary: 0/1 runs completed");
  });

  it("Ctrl-C says which runs were in flight and that the fleet goes on with them (--remote), exiting 130", async () => {
    const cli = startService(
      "recon run",
      CLI_ENTRY,
      ["run", "--sandbox", "--remote", "--processors", "square", "--date", "2025-10-13"],
      env,
    );
    // The producer marks the run's row running right after adding its flow: the run is in flight.
    await eventually("the run to be requested", async () => {
      const rows = await queryDatabase<{ status: string }>(
        database.url,
        "SELECT status FROM reconciliation_runs WHERE processor_name = 'square' AND run_date = '2025-10-13'",
      );
      return rows[0]?.status === "running" ? true : undefined;
    });
    expect(await cli.stop("SIGINT")).toBe(130);
    expect(cli.output()).toContain(
      "recon: interrupted while square 2025-10-13 (queued) was in flight. Only this command stopped: the fleet's workers go on with the work",
    );
  });
});
