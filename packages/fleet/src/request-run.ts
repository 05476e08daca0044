import { startRun, type Db } from "@recon/db";
import { triggerRun, type QueueSet, type TriggeredRun, type TriggerRunInput } from "@recon/queue";

/**
 * Starts a run the one way every producer (CLI, scheduler, Slack bot) does: the flow goes into
 * Redis, then the run's row is marked `running` in Postgres. The row is what makes a run
 * findable when Redis loses the flow (restarted without persistence): the watchdog fails a
 * `running` row that no live flow owns, with an alert, instead of the run vanishing. Joining a
 * run already in flight changes nothing.
 */
export async function requestRun(deps: { queues: QueueSet; db: Db }, input: TriggerRunInput): Promise<TriggeredRun> {
  const triggered = await triggerRun(deps.queues, input);
  if (!triggered.joined) await startRun(deps.db, { processor: input.processor, runDate: input.runDate, createdBy: input.createdBy });
  return triggered;
}
