// Must-show 5, outages: Redis killed mid-run and restarted with its AOF or empty (as a Redis
// without persistence comes back), Postgres stopped mid-run for a set time. The durations are
// the point of these phases, so they are the suite's only fixed waits.
import { eventually } from "@recon/testing";
import type { ChaosContext } from "../chaos-context";

/** One day per outage phase, so each phase's runs are its own. */
export const OUTAGE_DAYS = { "redis-aof": "2025-10-06", "redis-none": "2025-10-07", "pg-10s": "2025-10-08", "pg-120s": "2025-10-09" } as const;

/** Triggers the day and returns once its fetch slices are being worked (mid-run), or after 60 s. */
async function midRun(ctx: ChaosContext, day: string): Promise<string> {
  await ctx.probe.trigger([day]);
  const active = await eventually("an active fetch slice", async () => (await ctx.probe.activeJobs("fetch"))[0]?.id, { timeoutMs: 60_000 }).catch(() => undefined);
  return active ? `mid-run (${active} active)` : "no fetch slice active within 60 s";
}

export async function runRedisRestartPhase(ctx: ChaosContext, persistence: "aof" | "none"): Promise<string[]> {
  const day = persistence === "aof" ? OUTAGE_DAYS["redis-aof"] : OUTAGE_DAYS["redis-none"];
  const when = await midRun(ctx, day);
  await ctx.infra.redis.stop();
  await ctx.infra.redis.start(persistence);
  ctx.log(`Redis killed ${when} and restarted ${persistence === "aof" ? "from its AOF" : "empty (no persistence)"}`);
  return [`Redis SIGKILLed ${when}, restarted ${persistence === "aof" ? "with AOF" : "without persistence (empty)"}`];
}

export async function runPostgresOutagePhase(ctx: ChaosContext, seconds: 10 | 120): Promise<string[]> {
  const day = seconds === 10 ? OUTAGE_DAYS["pg-10s"] : OUTAGE_DAYS["pg-120s"];
  const when = await midRun(ctx, day);
  await ctx.infra.postgres.stop("immediate");
  ctx.log(`Postgres stopped ${when} for ${seconds} s`);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
  await ctx.infra.postgres.start();
  ctx.log("Postgres is back");
  return [`Postgres stopped (immediate) ${when} for ${seconds} s`];
}
