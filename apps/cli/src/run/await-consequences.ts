import type { FleetContext } from "@recon/fleet";
import { runEventId } from "@recon/queue";
import { isSettled, PENDING_CONSEQUENCES, readConsequences, type Consequences, type RunEvent } from "./consequences";
import type { RunProgress } from "./watch-run";

/**
 * Waits until the run's report and alert have reached a final outcome (stored or failed for good;
 * delivered or failed for good on each channel), or until `deadline`, and returns the last
 * reading. With `wait: false` (--remote: the fleet's workers do the rest, on their own time) it
 * reads once and returns what is still pending as pending.
 */
async function awaitConsequences(
  ctx: FleetContext,
  event: RunEvent,
  options: { deadline: number; wait: boolean; pollMs?: number },
): Promise<Consequences> {
  for (;;) {
    const consequences = await readConsequences(ctx, event);
    if (!options.wait || isSettled(consequences) || Date.now() > options.deadline) return consequences;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
  }
}

/**
 * The consequences of one watched run: those of its run.completed event (the id its run job
 * returned), or of its run.failed event (derived from the run job's id, as every failure path
 * derives it); everything pending when the watch timed out before the run ended.
 */
export async function awaitRunConsequences(
  ctx: FleetContext,
  run: { progress: RunProgress; jobId: string },
  options: { deadline: number; wait: boolean },
): Promise<Consequences> {
  if (run.progress.timedOut) return PENDING_CONSEQUENCES;
  const event: RunEvent = run.progress.eventId
    ? { id: run.progress.eventId, type: "run.completed" }
    : { id: runEventId(run.jobId, "failed"), type: "run.failed" };
  return awaitConsequences(ctx, event, options);
}
