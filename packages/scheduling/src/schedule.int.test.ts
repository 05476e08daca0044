import { createQueueSet, createRedisConnection, waitUntilReady, type QueueSet } from "@recon/queue";
import { parseEnv } from "@recon/runtime";
import { testRedisUrl, uniquePrefix } from "@recon/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSchedules, schedulerEnv } from "./env";
import { applySchedules, DAILY_SCHEDULER_ID } from "./schedule";

describe("schedules from configuration", () => {
  it("defaults to the single daily schedule of SCHEDULE_CRON and SCHEDULE_PROCESSORS", () => {
    const config = parseEnv(schedulerEnv, { SCHEDULE_PROCESSORS: "stripe, paypal" });
    expect(config.schedules).toEqual([{ id: DAILY_SCHEDULER_ID, cron: "0 4 * * *", processors: ["stripe", "paypal"] }]);
  });

  it("reads several schedules from SCHEDULES and names what is wrong", () => {
    const base = { SCHEDULE_CRON: "0 4 * * *", SCHEDULE_PROCESSORS: "stripe" };
    expect(
      parseSchedules({ ...base, SCHEDULES: '[{"id":"early","cron":"0 4 * * *","processors":["stripe"]},{"id":"late","cron":"0 9 * * *","processors":["paypal","square"]}]' }),
    ).toEqual([
      { id: "early", cron: "0 4 * * *", processors: ["stripe"] },
      { id: "late", cron: "0 9 * * *", processors: ["paypal", "square"] },
    ]);
    expect(() => parseSchedules({ ...base, SCHEDULES: "not json" })).toThrow(/SCHEDULES is not JSON/);
    expect(() => parseSchedules({ ...base, SCHEDULES: '[{"id":"x","cron":"0 4 * * *","processors":["venmo"]}]' })).toThrow(
      /SCHEDULES\.0\.processors\.0/,
    );
    expect(() =>
      parseSchedules({ ...base, SCHEDULES: '[{"id":"x","cron":"1 * * * *","processors":["stripe"]},{"id":"x","cron":"2 * * * *","processors":["stripe"]}]' }),
    ).toThrow(/unique/);
    expect(() => parseSchedules({ SCHEDULE_CRON: "0 4 * * *", SCHEDULE_PROCESSORS: "stripe,venmo" })).toThrow(/SCHEDULE_PROCESSORS/);
  });
});

describe("applySchedules", () => {
  let set: QueueSet;
  beforeAll(async () => {
    const connection = createRedisConnection(testRedisUrl(), "producer");
    await waitUntilReady(connection);
    set = createQueueSet(connection, uniquePrefix("schedules"));
  });
  afterAll(async () => {
    await set.queues.trigger.obliterate({ force: true });
    const keys = await set.connection.keys(`${set.prefix}:*`);
    if (keys.length > 0) await set.connection.del(...keys);
    await set.close();
    set.connection.disconnect();
  });

  const current = async () =>
    (await set.queues.trigger.getJobSchedulers())
      .map((scheduler) => ({ id: scheduler.id ?? scheduler.key, pattern: scheduler.pattern, tz: scheduler.tz }))
      .sort((a, b) => a.id.localeCompare(b.id));

  it("upserts the configured schedulers and removes the ones no longer configured", async () => {
    await applySchedules(set, [
      { id: "early", cron: "0 4 * * *", processors: ["stripe"] },
      { id: "late", cron: "0 9 * * *", processors: ["paypal"] },
    ]);
    expect(await current()).toEqual([
      { id: "early", pattern: "0 4 * * *", tz: "UTC" },
      { id: "late", pattern: "0 9 * * *", tz: "UTC" },
    ]);
    // A restart with changed configuration: early moves, late goes, square arrives.
    const applied = await applySchedules(set, [
      { id: "early", cron: "30 3 * * *", processors: ["stripe", "paypal"] },
      { id: "square", cron: "0 6 * * *", processors: ["square"] },
    ]);
    expect(applied.removed).toEqual(["late"]);
    expect(await current()).toEqual([
      { id: "early", pattern: "30 3 * * *", tz: "UTC" },
      { id: "square", pattern: "0 6 * * *", tz: "UTC" },
    ]);
    // Applying the same configuration again (another replica starting) changes nothing.
    await applySchedules(set, [
      { id: "early", cron: "30 3 * * *", processors: ["stripe", "paypal"] },
      { id: "square", cron: "0 6 * * *", processors: ["square"] },
    ]);
    expect(await current()).toHaveLength(2);
    const next = await set.queues.trigger.getJobs(["delayed"]);
    expect(next.map((job) => (job.data as { processors: string[] }).processors).sort()).toEqual([["square"], ["stripe", "paypal"]]);
  });

  it("names the schedule whose cron pattern is refused", async () => {
    await expect(applySchedules(set, [{ id: "broken", cron: "every day at four", processors: ["stripe"] }])).rejects.toThrow(
      /schedule "broken" \(cron "every day at four"\) was refused/,
    );
  });
});
