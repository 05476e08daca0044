import type { Processor } from "@recon/domain";
import { JOBS, parsePayload, type QueueSet } from "@recon/queue";
import type { Job } from "bullmq";

/** Adds one `fetch.slice` job covering a processor's whole UTC day, as the tests drive the worker with it. */
export function addWholeDaySlice(queues: QueueSet, processor: Processor, date: string, jobId: string): Promise<Job> {
  const next = new Date(Date.parse(`${date}T00:00:00.000Z`) + 86_400_000).toISOString();
  const data = parsePayload("fetch.slice", {
    processor,
    runDate: date,
    side: "processor",
    sliceIndex: 0,
    sliceStart: `${date}T00:00:00.000Z`,
    sliceEnd: next,
  });
  return queues.queues.fetch.add("fetch.slice", data, { ...JOBS["fetch.slice"].options, jobId });
}
