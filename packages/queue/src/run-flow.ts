import { JOBS, parsePayload, type JobPayload } from "./catalog";
import type { QueueSet } from "./queues";
import type { Processor } from "@recon/domain";
import { dayWindow } from "@recon/domain";

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

const IN_FLIGHT_STATES = new Set(["waiting", "waiting-children", "active", "delayed", "prioritized"]);

/**
 * Job ids of a run are deterministic: `run-<processor>-<date>-<generation>`, children
 * `<parent>-<side>-<slice>`. One generation is live at a time per (processor, date):
 * a trigger while it is in flight joins it; a trigger after it finished starts the next
 * generation, which re-runs the day and replaces its results. A short Redis lock makes the
 * check-and-add atomic across every producer (CLI, scheduler, Slack bot).
 */
export async function triggerRun(set: QueueSet, input: TriggerRunInput): Promise<TriggeredRun> {
  const key = `${set.prefix}:runs:${input.processor}:${input.runDate}`;
  return withLock(set, `${key}:lock`, async () => {
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
    await set.flows.add({
      name: "reconcile.run",
      queueName: set.queues.reconcile.name,
      data: reconcilePayload,
      opts: { ...JOBS["reconcile.run"].options, jobId },
      children,
    });
    await set.connection.set(`${key}:current`, jobId);
    return { jobId, joined: false };
  });
}

function fetchChildren(set: QueueSet, parentId: string, input: TriggerRunInput) {
  const { start, end } = dayWindow(input.runDate);
  const sliceMs = (end.getTime() - start.getTime()) / input.slices;
  return (["processor", "internal"] as const).flatMap((side) =>
    Array.from({ length: input.slices }, (_, sliceIndex) => {
      const sliceStart = new Date(start.getTime() + Math.round(sliceIndex * sliceMs));
      const sliceEnd = sliceIndex === input.slices - 1 ? end : new Date(start.getTime() + Math.round((sliceIndex + 1) * sliceMs));
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
        opts: { ...JOBS["fetch.slice"].options, jobId: `${parentId}-${side}-${sliceIndex}` },
      };
    }),
  );
}

async function withLock<T>(set: QueueSet, lockKey: string, fn: () => Promise<T>): Promise<T> {
  const token = `${process.pid}-${Date.now()}-${Math.random()}`;
  const deadline = Date.now() + 10_000;
  while ((await set.connection.set(lockKey, token, "PX", 10_000, "NX")) !== "OK") {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockKey}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  try {
    return await fn();
  } finally {
    // Release only our own lock (compare-and-delete).
    await set.connection.eval(
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0",
      1,
      lockKey,
      token,
    );
  }
}
