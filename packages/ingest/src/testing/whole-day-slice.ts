import { dayWindow, type Processor } from "@recon/domain";
import { JOBS, parsePayload, setLiveRunHead, sliceJobId, type QueueSet } from "@recon/queue";
import type { Job } from "bullmq";

/**
 * Adds a live run whose one `fetch.slice` covers a processor's whole UTC day, as the tests drive
 * the worker with it: a reconcile.run head `run-<processor>-<date>-<tag>` (left waiting: no
 * reconcile worker runs in these tests) with the processor side's slice 0 as its only child.
 * A slice outside a live run is refused, so the run is made live first.
 */
export async function addWholeDaySlice(queues: QueueSet, processor: Processor, date: string, tag: string): Promise<Job> {
  const { start, end } = dayWindow(date);
  const head = `run-${processor}-${date}-${tag}`;
  await setLiveRunHead(queues, processor, date, head);
  const flow = await queues.flows.add({
    name: "reconcile.run",
    queueName: queues.queues.reconcile.name,
    data: parsePayload("reconcile.run", { processor, runDate: date, createdBy: "test" }),
    opts: { ...JOBS["reconcile.run"].options, jobId: head },
    children: [
      {
        name: "fetch.slice",
        queueName: queues.queues.fetch.name,
        data: parsePayload("fetch.slice", {
          processor,
          runDate: date,
          side: "processor",
          sliceIndex: 0,
          sliceStart: start.toISOString(),
          sliceEnd: end.toISOString(),
        }),
        opts: { ...JOBS["fetch.slice"].options, jobId: sliceJobId(head, "processor", 0) },
      },
    ],
  });
  return flow.children![0]!.job;
}
