// Test-only: a worker app (the real runApp) whose notify jobs hold a checked-out Postgres
// client until the test says so, so a test can terminate that connection mid-job.
import { defineWorker } from "@recon/queue";
import { connectFleet } from "./context";
import { fleetEnv } from "./env";
import { runApp } from "./run-app";

await runApp({
  name: "outage-fixture",
  env: fleetEnv,
  connect: connectFleet,
  start: (ctx) => ({
    running: [
      defineWorker(
        "notify",
        {
          "notify.send": async (payload) => {
            const redis = ctx.queues.connection;
            const keys = {
              holding: `${ctx.config.QUEUE_PREFIX}:test:holding`,
              release: `${ctx.config.QUEUE_PREFIX}:test:release:${payload.eventId}`,
            };
            const client = await ctx.db.pool.connect();
            let lost: Error | undefined;
            try {
              await client.query("SELECT 1");
              await redis.set(keys.holding, payload.eventId);
              while ((await redis.get(keys.release)) === null)
                await new Promise((resolve) => setTimeout(resolve, 50));
              // Fails when the test terminated this backend meanwhile: the process must live on.
              await client.query("SELECT 1").catch((error: unknown) => (lost = error as Error));
            } finally {
              client.release(lost ?? false);
            }
            // A fresh connection from the same pool works again.
            await ctx.db.pool.query("SELECT 1");
            return { connectionLost: lost !== undefined };
          },
        },
        { connection: ctx.workerConnection, prefix: ctx.config.QUEUE_PREFIX, logger: ctx.logger },
      ),
    ],
  }),
});
