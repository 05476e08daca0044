// The undisturbed outcome of each day: `recon run` (workers in-process, the CLI's own sandbox
// with RECON_SANDBOX, no faults) on a database of its own, computed before any chaos on the same data.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { PROCESSORS } from "@recon/domain";
import pg from "pg";
import { readOutcome, runLabel, type RunOutcome } from "./run-outcomes";

const run = promisify(execFile);
const CLI_MAIN = join(import.meta.dirname, "..", "..", "cli", "src", "main.ts");

/** Outcomes by runLabel. */
export type Baseline = Map<string, RunOutcome>;

export interface BaselineEnv {
  base: NodeJS.ProcessEnv;
  databaseUrl: string;
  redisUrl: string;
  reportsDir: string;
}

export async function computeBaseline(days: readonly string[], env: BaselineEnv): Promise<Baseline> {
  const childEnv: NodeJS.ProcessEnv = {
    ...env.base,
    DATABASE_URL: env.databaseUrl,
    REDIS_URL: env.redisUrl,
    QUEUE_PREFIX: "chaos-baseline",
    REPORTS_DIR: env.reportsDir,
    HEALTH_PORT: "0",
    LOG_LEVEL: "warn",
    // Only the built-in sandbox (asked for) and local reports: no credentials, no S3, no alert channels.
    RECON_SANDBOX: "true",
    ...Object.fromEntries(
      ["STRIPE_API_KEY", "PAYPAL_CLIENT_ID", "PAYPAL_CLIENT_SECRET", "SQUARE_ACCESS_TOKEN", "INTERNAL_API_URL", "S3_BUCKET", "SMTP_URL", "SLACK_BOT_TOKEN"].map(
        (name) => [name, ""],
      ),
    ),
  };
  for (const date of days) {
    await run(process.execPath, ["--import", "tsx", CLI_MAIN, "run", "--processors", PROCESSORS.join(","), "--date", date, "--json"], {
      env: childEnv,
      timeout: 600_000,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: Error & { stderr?: string }) => {
      throw new Error(`baseline recon run --date ${date} failed: ${error.stderr ?? error.message}`);
    });
  }
  const pool = new pg.Pool({ connectionString: env.databaseUrl, max: 2 });
  try {
    const baseline: Baseline = new Map();
    for (const date of days) {
      for (const processor of PROCESSORS) {
        const outcome = await readOutcome(pool, { processor, date });
        if (outcome?.status !== "completed") throw new Error(`baseline run ${processor} ${date} did not complete (${outcome?.status ?? "no run row"})`);
        baseline.set(runLabel({ processor, date }), outcome);
      }
    }
    return baseline;
  } finally {
    await pool.end();
  }
}
