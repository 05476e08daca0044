// Test-only: a worker app (the real runApp) whose notify jobs take FIXTURE_JOB_MS and count
// their completions in Redis, so a test can SIGTERM it mid-job and count how often a job finished.
import { defineWorker } from "@recon/queue";
import { connectFleet } from "./context";
import { fleetEnv } from "./env";
import { runApp } from "./run-app";

/** How long each job takes: longer than a short shutdown timeout, shorter than a long one. */
export const FIXTURE_JOB_MS = 3_000;

await runApp({
  name: "shutdown-fixture",
  env: fleetEnv,
  connect: connectFleet,
  start: (ctx) => ({
    running: [
      defineWorker(
        "notify",
        {
          "notify.send": async (payload) => {
            await new Promise((resolve) => setTimeout(resolve, FIXTURE_JOB_MS));
            await ctx.queues.connection.hincrby(
              `${ctx.config.QUEUE_PREFIX}:test:completions`,
              payload.eventId,
              1,
            );
            return { completedBy: process.pid };
          },
        },
        // A short lock and stalled-job check, so a job abandoned by a process that ran out of shutdown
        // time is handed to another worker within seconds rather than the default 30 to 60.
        {
          connection: ctx.workerConnection,
          prefix: ctx.config.QUEUE_PREFIX,
          logger: ctx.logger,
          lockDuration: 2_000,
          stalledInterval: 500,
        },
      ),
    ],
  }),
});
