import type { WorkerQueue } from "./fleet-apps";

/** How one worker service follows its queue's backlog. */
export interface QueueScalingSettings {
  /** BacklogPerWorker that target tracking keeps the service near: jobs waiting per running task. */
  targetBacklogPerTask: number;
  minTasks: number;
  maxTasks: number;
  /** Seconds after a scale-out before the next one; short, so a burst is met within minutes. */
  scaleOutCooldownSeconds: number;
  /** Seconds after a scale-in before the next one; long, since a stopped task hands its active job back. */
  scaleInCooldownSeconds: number;
}

/** The memory the reconcile workers may use together, MiB: their maximum is this over one task's memory. */
export const DEFAULT_RECONCILE_MEMORY_BUDGET_MIB = 4096;

/**
 * Defaults per queue (docs/deploy-ecs.md, "Autoscaling"). A run of one processor with
 * FETCH_SLICES=4 makes 8 fetch jobs (4 slices of the processor, 4 of the ledger), one reconcile
 * job (or its partitions), one report job and one or two notify jobs. fetch, report and notify
 * may stop entirely (their jobs wait in Redis); reconcile keeps one task, which also runs the
 * outbox relay and the run watchdog. The reconcile maximum is computed from the memory budget.
 */
export const DEFAULT_SCALING: Record<WorkerQueue, Omit<QueueScalingSettings, "maxTasks"> & { maxTasks?: number }> = {
  // Each task runs WORKER_CONCURRENCY (2) slices at once; more than 6 tasks only queue on the processors' rate limits.
  fetch: { targetBacklogPerTask: 8, minTasks: 0, maxTasks: 6, scaleOutCooldownSeconds: 60, scaleInCooldownSeconds: 300 },
  // One job at a time per task, minutes each: a task per two waiting jobs; scale in slowly.
  reconcile: { targetBacklogPerTask: 2, minTasks: 1, scaleOutCooldownSeconds: 60, scaleInCooldownSeconds: 600 },
  report: { targetBacklogPerTask: 5, minTasks: 0, maxTasks: 3, scaleOutCooldownSeconds: 60, scaleInCooldownSeconds: 300 },
  // Sending an alert takes a second or two: one task keeps up with a whole day's runs.
  notify: { targetBacklogPerTask: 20, minTasks: 0, maxTasks: 2, scaleOutCooldownSeconds: 60, scaleInCooldownSeconds: 300 },
};

/** How many reconcile tasks fit the budget; at least one, or the budget is refused. */
function reconcileMaxTasks(memoryBudgetMiB: number, taskMemoryMiB: number): number {
  const max = Math.floor(memoryBudgetMiB / taskMemoryMiB);
  if (max < 1) throw new Error(`reconcileMemoryBudgetMiB (${memoryBudgetMiB}) is below one reconcile task's memory (${taskMemoryMiB} MiB)`);
  return max;
}

/** The defaults with a deployment's overrides; reconcile's maximum from the memory budget. Refuses what cannot work. */
export function resolveScalingSettings(
  overrides: Partial<Record<WorkerQueue, Partial<QueueScalingSettings>>> = {},
  reconcileMemoryBudgetMiB: number,
  reconcileTaskMemoryMiB: number,
): Record<WorkerQueue, QueueScalingSettings> {
  const resolved = Object.fromEntries(
    (Object.keys(DEFAULT_SCALING) as WorkerQueue[]).map((queue) => {
      const settings = { ...DEFAULT_SCALING[queue], ...overrides[queue] };
      const maxTasks = queue === "reconcile" ? reconcileMaxTasks(reconcileMemoryBudgetMiB, reconcileTaskMemoryMiB) : settings.maxTasks;
      if (maxTasks === undefined || maxTasks < Math.max(1, settings.minTasks)) throw new Error(`scaling.${queue}: maxTasks must be at least max(1, minTasks)`);
      return [queue, { ...settings, maxTasks }];
    }),
  ) as Record<WorkerQueue, QueueScalingSettings>;
  if (resolved.reconcile.minTasks < 1) throw new Error("scaling.reconcile.minTasks must be at least 1: the reconcile worker runs the outbox relay and the run watchdog");
  return resolved;
}
