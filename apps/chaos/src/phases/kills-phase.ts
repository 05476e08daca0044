// Must-show 5, kills: SIGKILLs of worker processes at chosen moments (a fetch slice and a
// reconcile mid-flight, each also the same job twice, right after the reconcile's outbox commit,
// a report and a notification mid-flight) and at random points, each process restarted at once.
import { WORKER_KINDS, KILL_AFTER_OUTBOX_COMMIT } from "../fleet-processes";
import type { ChaosContext } from "../chaos-context";
import { afterJobsFinish, killSameJobTwice, killWhenActive, killWorker, noteKilled } from "./kill-moments";

/** Four days: two at the start, one before the reconcile kills, one before the post-commit kill. */
export const KILL_DAYS = ["2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04"] as const;

export async function runKillsPhase(ctx: ChaosContext, totalKills: number): Promise<string[]> {
  const start = ctx.fleet.counters.kills;
  const left = () => totalKills - (ctx.fleet.counters.kills - start);
  const notes: Promise<string>[] = [];

  await ctx.probe.trigger(KILL_DAYS.slice(0, 2));
  await killWhenActive(ctx, "fetch");
  notes.push((await killSameJobTwice(ctx, "fetch")).outcome);

  await ctx.probe.trigger(KILL_DAYS.slice(2, 3));
  await killWhenActive(ctx, "reconcile");
  notes.push((await killSameJobTwice(ctx, "reconcile")).outcome);

  await ctx.probe.trigger(KILL_DAYS.slice(3, 4));
  const hooked = await ctx.fleet.restartWithPreload("reconcile", KILL_AFTER_OUTBOX_COMMIT);
  const fired = await ctx.fleet.awaitHookKill(hooked, 300_000);
  noteKilled("reconcile");
  ctx.log(fired ? "killed the reconcile worker right after its outbox commit" : "no outbox commit within 300 s: the post-commit kill did not fire");
  notes.push(Promise.resolve(fired ? "post-commit kill fired" : "post-commit kill did not fire (no reconcile committed in time)"));

  await killWhenActive(ctx, "report");
  await killWhenActive(ctx, "notify");

  while (left() > 0) {
    await afterJobsFinish(ctx, 1 + Math.floor(Math.random() * 4));
    const kind = WORKER_KINDS[Math.floor(Math.random() * WORKER_KINDS.length)]!;
    await killWorker(ctx, kind);
    ctx.log(`random kill: ${kind} worker (${left()} left)`);
  }
  return Promise.all(notes);
}
