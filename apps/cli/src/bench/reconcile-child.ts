// The reconcile processes of `recon bench`, each in its own process so its peak RSS is its own,
// doing what the fleet's reconcile workers do for one run:
//   plan <databaseUrl> <runDate> <maxRecordsPerPartition>   the parent job's first step
//   partitions <databaseUrl> <planId> <worker> <workers> <outcomesPath>
//                                                            child jobs: partitions p ≡ worker (mod workers)
//   settle <databaseUrl> <planId> <outcomesPath>             the parent job's last step
//   stream <databaseUrl> <runDate> <outcomesPath>            the single-call streaming path
// Each prints one JSON line: {ms, maxRssMb, ...}.
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import {
  completeRun,
  createDb,
  getReconcilePlan,
  loadDiscrepancies,
  loadPartitionResult,
  savePartitionOutcomes,
  startRun,
  type Db,
} from "@recon/db";
import {
  decodeEachPartitionResult,
  encodePartitionResult,
  outcomesOf,
  pairedIdsOf,
  stageOutcomes,
  type LabelledOutcome,
} from "@recon/engine";
import {
  DEFAULT_RECONCILE_SETTINGS,
  planDay,
  reconcileDay,
  reconcilePlanPartition,
  settlePlan,
} from "@recon/reconciliation";

const [step, databaseUrl, ...args] = process.argv.slice(2);
if (!step || !databaseUrl) throw new Error("usage: reconcile-child <plan|partitions|settle|stream> <databaseUrl> ...");

function report(fields: Record<string, unknown>, started: number): void {
  const ms = performance.now() - started;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ...fields, ms, maxRssMb })}\n`);
}

/** Lists outcomes for scoring; "-" when the bench does not score (days made of parts). */
async function writeOutcomes(outcomes: Iterable<LabelledOutcome>, path: string, flags = "w"): Promise<void> {
  if (path === "-") return;
  const out = createWriteStream(path, { flags });
  for (const outcome of outcomes) {
    if (!out.write(`${JSON.stringify(outcome)}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/** What a run stored as discrepancies, as outcomes: the scoring reads the written results. */
async function storedDiscrepancies(db: Db, runId: string): Promise<LabelledOutcome[]> {
  return (await loadDiscrepancies(db, runId)).map((d) => ({
    kind: d.kind,
    processorIds: d.processorExternalId === null ? [] : [d.processorExternalId],
    internalIds: d.internalExternalId === null ? [] : [d.internalExternalId],
  }));
}

async function planStep(db: Db, runDate: string, maxRecordsPerPartition: number): Promise<void> {
  const started = performance.now();
  const runId = await startRun(db, { processor: "stripe", runDate, createdBy: "bench" });
  const settings = { ...DEFAULT_RECONCILE_SETTINGS, maxRecordsPerPartition };
  const plan = await planDay(db, { jobKey: `bench-${randomUUID()}`, attempt: 0, runId, processor: "stripe", runDate, settings });
  report({ planId: plan.id, partitions: plan.partitions, residue: plan.residueCount, clean: plan.cleanCount }, started);
}

async function partitionsStep(db: Db, planId: string, worker: number, workers: number, outcomesPath: string): Promise<void> {
  let started = performance.now();
  const plan = await getReconcilePlan(db, planId);
  if (!plan) throw new Error(`no plan ${planId}`);
  let records = 0;
  let listingMs = 0;
  for (let partition = worker; partition < plan.partitions; partition += workers) {
    const result = await reconcilePlanPartition(db, plan, partition, DEFAULT_RECONCILE_SETTINGS);
    records += result.recordCount;
    const { kept, staged } = stageOutcomes(result);
    await savePartitionOutcomes(db, plan.id, partition, staged, encodePartitionResult(kept));
    // Listing the matches for scoring is the bench's work: off the clock. The discrepancies are
    // scored from what the run stores (the settle step lists them).
    const listing = performance.now();
    // Out-of-window ids travel on in the kept result: the settle step lists them.
    const noIds = { processorIds: [], internalIds: [] };
    await writeOutcomes(outcomesOf({ matched: result.matched, matchedGroups: result.matchedGroups, discrepancies: [], outOfWindow: noIds }), outcomesPath, "a");
    listingMs += performance.now() - listing;
  }
  started += listingMs;
  report({ records }, started);
}

async function settleStep(db: Db, planId: string, outcomesPath: string): Promise<void> {
  const started = performance.now();
  const plan = await getReconcilePlan(db, planId);
  if (!plan) throw new Error(`no plan ${planId}`);
  const texts: string[] = [];
  for (let partition = 0; partition < plan.partitions; partition++) {
    const text = await loadPartitionResult(db, plan.id, partition);
    if (text === null) throw new Error(`partition ${partition} has no result`);
    texts.push(text);
  }
  const day = settlePlan(plan, decodeEachPartitionResult(texts), DEFAULT_RECONCILE_SETTINGS);
  await completeRun(db, {
    runId: plan.runId,
    processor: "stripe",
    runDate: plan.runDate,
    figures: day.result.figures,
    discrepancies: day.result.discrepancies,
    missing: day.result.missingInInternal,
    rejectedCount: 0,
    breaks: { pairedProcessorIds: day.pairedProcessorIds, pairedInternalIds: day.pairedInternalIds },
    planId: plan.id,
    event: { id: randomUUID(), type: "run.completed", payload: { runId: plan.runId } },
  });
  const ms = performance.now() - started;
  // Read before the outcome listing: listing and scoring are the bench's work, not the run's.
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  if (outcomesPath !== "-") {
    await writeOutcomes([...outcomesOf({ ...day.result, discrepancies: [] }), ...(await storedDiscrepancies(db, plan.runId))], outcomesPath);
  }
  process.stdout.write(`${JSON.stringify({ ms, maxRssMb, counts: day.result.figures.counts })}\n`);
}

async function streamStep(db: Db, runDate: string, outcomesPath: string): Promise<void> {
  const started = performance.now();
  const runId = await startRun(db, { processor: "stripe", runDate, createdBy: "bench" });
  const day = await reconcileDay(db, { processor: "stripe", runDate, mode: "stream" });
  const paired = pairedIdsOf(day.result);
  await completeRun(db, {
    runId,
    processor: "stripe",
    runDate,
    figures: day.result.figures,
    discrepancies: day.result.discrepancies,
    missing: day.result.missingInInternal,
    rejectedCount: 0,
    breaks: paired,
    event: { id: randomUUID(), type: "run.completed", payload: { runId } },
  });
  const ms = performance.now() - started;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  await writeOutcomes(outcomesOf(day.result), outcomesPath);
  process.stdout.write(`${JSON.stringify({ ms, maxRssMb, counts: day.result.figures.counts })}\n`);
}

const db = createDb(databaseUrl, { applicationName: `recon-bench-${step}` });
try {
  if (step === "plan") await planStep(db, args[0]!, Number(args[1]));
  else if (step === "partitions") await partitionsStep(db, args[0]!, Number(args[1]), Number(args[2]), args[3]!);
  else if (step === "settle") await settleStep(db, args[0]!, args[1]!);
  else if (step === "stream") await streamStep(db, args[0]!, args[1]!);
  else throw new Error(`unknown step ${step}`);
} finally {
  await db.close();
}
