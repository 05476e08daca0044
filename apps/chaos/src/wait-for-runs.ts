// Waits, polling the database, until every run has ended or the deadline passes.
import type { Pool } from "pg";
import { runLabel, settlementOf, type RunKey, type Settlement } from "./run-outcomes";

const ENDED: ReadonlySet<Settlement> = new Set(["completed", "failed-alerted"]);

/** The settlement of each run (by runLabel) when all have ended or at the deadline. */
export async function waitForRunsToEnd(pool: Pool, runs: readonly RunKey[], timeoutMs: number): Promise<Map<string, Settlement>> {
  const deadline = Date.now() + timeoutMs;
  const settled = new Map<string, Settlement>();
  for (;;) {
    for (const run of runs) {
      const label = runLabel(run);
      if (ENDED.has(settled.get(label) ?? "running")) continue;
      // The database may still be coming back from an outage: try again next round.
      settled.set(label, await settlementOf(pool, run).catch((): Settlement => "running"));
    }
    const open = [...settled.values()].filter((s) => !ENDED.has(s)).length;
    if (open === 0 || Date.now() > deadline) return settled;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
