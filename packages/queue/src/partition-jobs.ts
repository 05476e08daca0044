import type { Job } from "bullmq";
import { JOBS, parsePayload, type JobPayload } from "./catalog";
import type { QueueSet } from "./queues";

/**
 * Adds reconcile.partition children to a running reconcile.run job. Child ids are
 * `<parent>-<plan>-p<n>`, so adding the same partition again (a parent resumed after a crash)
 * is a no-op. A child that fails for good does not fail the parent in BullMQ's place
 * (ignoreDependencyOnFailure): the parent then runs, finds the partition's result missing and
 * fails through its own path, which records the failed run and announces it.
 */
export async function addPartitionJobs(
  set: QueueSet,
  parent: Job,
  partitions: readonly JobPayload<"reconcile.partition">[],
): Promise<void> {
  if (parent.id === undefined) throw new Error("the parent job has no id");
  const parentRef = { id: parent.id, queue: parent.queueQualifiedName };
  await set.queues.reconcile.addBulk(
    partitions.map((payload) => ({
      name: "reconcile.partition",
      data: parsePayload("reconcile.partition", payload),
      opts: {
        ...JOBS["reconcile.partition"].options,
        jobId: partitionJobId(parent.id!, payload.planId, payload.partition),
        parent: parentRef,
        ignoreDependencyOnFailure: true,
      },
    })),
  );
}

export function partitionJobId(parentId: string, planId: string, partition: number): string {
  return `${parentId}-${planId}-p${partition}`;
}
