import { JOBS, parsePayload, type JobPayload } from "./catalog";
import type { QueueSet } from "./queues";
import type { Processor } from "@recon/domain";
import { dayWindow } from "@recon/domain";
import { runKey, setLiveRunHead } from "./live-runs";
import { withRedisLock } from "./redis-lock";

export interface TriggerRunInput {
  processor: Processor;
  runDate: string;
  createdBy: string;
  /** Reconcile what is stored without fetching (after `recon import`). */
  skipFetch?: boolean;
  /** How many time slices each side of the day is fetched in. */
  slices: number;
}

export interface TriggeredRun {
  /** Id of the reconcile job that heads the flow. */
  jobId: string;
  /** True when a run for this (processor, date) was already in flight and we joined it. */
  joined: boolean;
}

/** The states of a job that has not ended yet. */
export const IN_FLIGHT_STATES: ReadonlySet<string> = new Set(["waiting", "waiting-children", "active", "delayed", "prioritized"]);

/**
 * Job ids of a run are deterministic: `run-<processor>-<date>-<generation>`, children
 * `<parent>-<side>-<slice>`. One generation is live at a time per (processor, date):
 * a trigger while it is in flight joins it; a trigger after it finished starts the next
 * generation, which re-runs the day and replaces its results. A short Redis lock makes the
 * check-and-add atomic across every producer (CLI, scheduler, Slack bot).
 */
export async function triggerRun(set: QueueSet, input: TriggerRunInput): Promise<TriggeredRun> {
  const key = runKey(set.prefix, input.processor, input.runDate);
  return withRedisLock(set.connection, `${key}:lock`, async () => {
    const current = await set.connection.get(`${key}:current`);
    if (current) {
      const state = await set.queues.reconcile.getJobState(current);
      if (IN_FLIGHT_STATES.has(state)) return { jobId: current, joined: true };
    }
    const generation = await set.connection.incr(`${key}:generation`);
    const jobId = `run-${input.processor}-${input.runDate}-${generation}`;
    const reconcilePayload: JobPayload<"reconcile.run"> = parsePayload("reconcile.run", {
      processor: input.processor,
      runDate: input.runDate,
      createdBy: input.createdBy,
    });
    const children = input.skipFetch ? [] : fetchChildren(set, jobId, input);
    // Live before its first job can run: a worker refuses every job of a run that is not live.
    // Should adding the flow fail, the next trigger finds no such job and starts a generation.
    await setLiveRunHead(set, input.processor, input.runDate, jobId);
    await set.flows.add({
      name: "reconcile.run",
      queueName: set.queues.reconcile.name,
      data: reconcilePayload,
      opts: { ...JOBS["reconcile.run"].options, jobId },
      children,
    });
    return { jobId, joined: false };
  });
}

/** The id of a fetch slice of a run: its head job's id, its side and its index. */
export function sliceJobId(headJobId: string, side: "processor" | "internal", sliceIndex: number): string {
  return `${headJobId}-${side}-${sliceIndex}`;
}

/** The day's fetch slices: `slices` consecutive windows of equal length covering [start, end) of the run date. */
export function daySliceWindows(runDate: string, slices: number): { start: Date; end: Date }[] {
  const { start, end } = dayWindow(runDate);
  const sliceMs = (end.getTime() - start.getTime()) / slices;
  return Array.from({ length: slices }, (_, sliceIndex) => ({
    start: new Date(start.getTime() + Math.round(sliceIndex * sliceMs)),
    end: sliceIndex === slices - 1 ? end : new Date(start.getTime() + Math.round((sliceIndex + 1) * sliceMs)),
  }));
}

function fetchChildren(set: QueueSet, parentId: string, input: TriggerRunInput) {
  const windows = daySliceWindows(input.runDate, input.slices);
  return (["processor", "internal"] as const).flatMap((side) =>
    windows.map(({ start: sliceStart, end: sliceEnd }, sliceIndex) => {
      const data = parsePayload("fetch.slice", {
        processor: input.processor,
        runDate: input.runDate,
        side,
        sliceIndex,
        sliceStart: sliceStart.toISOString(),
        sliceEnd: sliceEnd.toISOString(),
      });
      return {
        name: "fetch.slice",
        queueName: set.queues.fetch.name,
        data,
        opts: { ...JOBS["fetch.slice"].options, jobId: sliceJobId(parentId, side, sliceIndex) },
      };
    }),
  );
}
