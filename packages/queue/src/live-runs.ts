import { PROCESSORS, type Processor } from "@recon/domain";
import type { QueueSet } from "./queues";

/**
 * The Redis key of a (processor, date)'s runs: `<key>:current` holds the id of the live
 * generation's head job (set by triggerRun), `<key>:generation` its counter, `<key>:lock` guards both.
 */
export function runKey(prefix: string, processor: Processor, runDate: string): string {
  return `${prefix}:runs:${processor}:${runDate}`;
}

/**
 * Records `headJobId` as the live generation of a (processor, date). triggerRun calls it (under
 * the day's lock) before it adds the flow, so no job of the new flow ever runs before its run is
 * live; a test that builds a flow by hand calls it too, or its jobs are refused.
 */
export async function setLiveRunHead(set: QueueSet, processor: Processor, runDate: string, headJobId: string): Promise<void> {
  await set.connection.set(`${runKey(set.prefix, processor, runDate)}:current`, headJobId);
}

/** The head job id of the live generation of a (processor, date), or null when none was triggered. */
export async function liveRunHead(set: QueueSet, processor: Processor, runDate: string): Promise<string | null> {
  return set.connection.get(`${runKey(set.prefix, processor, runDate)}:current`);
}

export interface LiveRun {
  processor: Processor;
  runDate: string;
  headJobId: string;
}

/** Every (processor, date) with a live generation, read with SCAN (never blocks Redis). */
export async function listLiveRuns(set: QueueSet): Promise<LiveRun[]> {
  const head = `${set.prefix}:runs:`;
  const keys: string[] = [];
  for await (const batch of set.connection.scanStream({ match: `${head}*:current`, count: 500 })) keys.push(...(batch as string[]));
  if (keys.length === 0) return [];
  const ids = await set.connection.mget(...keys);
  const runs: LiveRun[] = [];
  keys.forEach((key, index) => {
    const [processor, runDate] = key.slice(head.length, -":current".length).split(":");
    const headJobId = ids[index];
    if (headJobId && (PROCESSORS as readonly string[]).includes(processor!) && runDate) {
      runs.push({ processor: processor as Processor, runDate, headJobId });
    }
  });
  return runs;
}
