import { relayOutbox } from "@recon/db";
import type { Background, FleetContext } from "@recon/fleet";
import { publishEvent } from "@recon/queue";

/** Publishes every unpublished outbox event to its subscribers' queues; returns how many. */
export async function relayPendingEvents(ctx: FleetContext): Promise<number> {
  let total = 0;
  for (;;) {
    const published = await relayOutbox(ctx.db, (event) => publishEvent(ctx.queues, event), 100);
    total += published;
    if (published < 100) return total;
  }
}

/**
 * The safety net of the outbox: every few seconds, publish what a crash between commit and publish
 * left behind. Running it in several replicas is safe (rows are claimed with SKIP LOCKED and job
 * ids derive from event ids).
 */
export function startOutboxRelay(ctx: FleetContext, intervalMs = 2_000): Background {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopped) return;
    running = relayPendingEvents(ctx).catch((error: unknown) =>
      ctx.logger.warn({ err: (error as Error).message }, "outbox relay pass failed; will retry"),
    );
  }, intervalMs);
  return {
    name: "outbox-relay",
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
