// The reconcile process of `recon bench`: run in its own process so its peak RSS is its own.
// argv: <databaseUrl> <runDate> <outcomesPath> [hybrid|stream]. Prints one JSON line: {ms, maxRssMb, counts}.
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { completeRun, createDb, startRun } from "@recon/db";
import { outcomesOfResult, reconcileDay } from "@recon/reconcile-worker";

const [databaseUrl, runDate, outcomesPath, modeArg] = process.argv.slice(2);
const mode = modeArg === "stream" ? "stream" : "hybrid";
if (!databaseUrl || !runDate || !outcomesPath) throw new Error("usage: reconcile-child <databaseUrl> <runDate> <outcomesPath>");

const db = createDb(databaseUrl, { applicationName: "recon-bench-reconcile" });
try {
  const started = performance.now();
  const runId = await startRun(db, { processor: "stripe", runDate, createdBy: "bench" });
  const readStarted = performance.now();
  const day = await reconcileDay(db, { processor: "stripe", runDate, mode });
  const writeStarted = performance.now();
  await completeRun(db, {
    runId,
    processor: "stripe",
    runDate,
    figures: day.result.figures,
    discrepancies: day.result.discrepancies,
    missing: day.result.missingInInternal,
    rejectedCount: 0,
    breaks: { pairedProcessorIds: day.pairedProcessorIds, pairedInternalIds: day.pairedInternalIds },
    event: { id: randomUUID(), type: "run.completed", payload: { runId } },
  });
  const ms = performance.now() - started;
  const phases = { read_and_match: writeStarted - readStarted, write: performance.now() - writeStarted };
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  // Written after the clock stops: scoring is not part of the reconcile time.
  const out = createWriteStream(outcomesPath);
  for (const outcome of outcomesOfResult(day.result)) {
    if (!out.write(`${JSON.stringify(outcome)}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  process.stdout.write(`${JSON.stringify({ ms, maxRssMb, phases, counts: day.result.figures.counts })}\n`);
} finally {
  await db.close();
}
