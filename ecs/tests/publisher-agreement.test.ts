// The stack scales on metrics the scheduler publishes; they meet only by name. This keeps the
// names and the queue list of both sides the same.
import { BACKLOG_METRICS, SCALED_QUEUES } from "@recon/scheduling";
import { describe, expect, it } from "vitest";
import { WORKER_QUEUES } from "../lib/fleet-apps";
import { BACKLOG_METRIC, BACKLOG_PER_WORKER_METRIC, WORKERS_METRIC } from "../lib/queue-scaling";

describe("the stack and the scheduler's backlog publisher", () => {
  it("name the same metrics", () => {
    expect([BACKLOG_METRIC, WORKERS_METRIC, BACKLOG_PER_WORKER_METRIC]).toEqual([BACKLOG_METRICS.backlog, BACKLOG_METRICS.workers, BACKLOG_METRICS.backlogPerWorker]);
  });

  it("cover the same queues", () => {
    expect([...WORKER_QUEUES].sort()).toEqual([...SCALED_QUEUES].sort());
  });
});
