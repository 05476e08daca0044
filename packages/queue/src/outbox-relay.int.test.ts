import { randomUUID } from "node:crypto";
import { afterEach, describe, expect } from "vitest";
import { runEventId } from "./event-id";
import { publishEvent } from "./outbox-relay";
import { redisTest } from "@recon/testing";
import { openRedisFixture, type RedisFixture } from "./redis-test-fixture";

let fx: RedisFixture;

redisTest.beforeEach(async ({ redisPrefix }) => {
  fx = await openRedisFixture(redisPrefix);
});

afterEach(async () => {
  await fx.cleanup();
});

describe("publishEvent", () => {
  redisTest("delivers run.completed to report.render and notify.send with ids derived from the event", async () => {
    const eventId = runEventId("run-stripe-2025-01-15-1", "completed");
    const runId = randomUUID();
    await publishEvent(fx.set, { id: eventId, type: "run.completed", payload: { runId } });

    const report = await fx.set.queues.report.getJob(`report.render-${eventId}`);
    const notify = await fx.set.queues.notify.getJob(`notify.send-${eventId}`);
    expect(report!.name).toBe("report.render");
    expect(report!.data).toEqual({ eventId, eventType: "run.completed", runId });
    expect(report!.opts.attempts).toBe(8);
    expect(notify!.name).toBe("notify.send");
    expect(notify!.data).toEqual({ eventId, eventType: "run.completed", runId });
  });

  redisTest("leaves one job per queue when the same event is published twice", async () => {
    const event = { id: randomUUID(), type: "run.completed", payload: { runId: randomUUID() } };
    await publishEvent(fx.set, event);
    await publishEvent(fx.set, event);
    expect(await fx.set.queues.report.getJobCounts("waiting")).toEqual({ waiting: 1 });
    expect(await fx.set.queues.notify.getJobCounts("waiting")).toEqual({ waiting: 1 });
    expect(await fx.set.queues.report.count()).toBe(1);
    expect(await fx.set.queues.notify.count()).toBe(1);
  });

  redisTest("delivers run.failed to notify.send only", async () => {
    const eventId = runEventId("run-stripe-2025-01-15-1", "failed");
    const runId = randomUUID();
    await publishEvent(fx.set, { id: eventId, type: "run.failed", payload: { runId } });
    const notify = await fx.set.queues.notify.getJob(`notify.send-${eventId}`);
    expect(notify!.data).toEqual({ eventId, eventType: "run.failed", runId });
    expect(await fx.set.queues.report.count()).toBe(0);
    expect(await fx.set.queues.notify.count()).toBe(1);
  });

  redisTest("throws on an unknown event type and adds nothing", async () => {
    const id = randomUUID();
    await expect(publishEvent(fx.set, { id, type: "run.exploded", payload: { runId: randomUUID() } })).rejects.toThrow(
      `outbox event ${id} has unknown type "run.exploded"`,
    );
    expect(await fx.set.queues.report.count()).toBe(0);
    expect(await fx.set.queues.notify.count()).toBe(0);
  });

  redisTest("rejects an event whose payload has no valid runId", async () => {
    await expect(publishEvent(fx.set, { id: randomUUID(), type: "run.failed", payload: {} })).rejects.toThrow(/invalid notify\.send payload: runId/);
    expect(await fx.set.queues.notify.count()).toBe(0);
  });
});
