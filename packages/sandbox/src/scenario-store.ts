import { generateScenario } from "./generate-scenario";
import type { Scenario, ScenarioOf, ScenarioProcessor } from "./scenario-types";

const DAY_MS = 86_400_000;

/** Upper bound on the days one request may span, so a careless window cannot stall a test. */
export const MAX_WINDOW_DAYS = 92;

export interface ScenarioStoreOptions {
  /** Default 1. */
  seed?: number;
  /** Processor records per day, default 200. */
  size?: number;
}

/**
 * Scenarios generated lazily per (processor, run date) and kept, so every emulator and the
 * ground truth see the same data for whatever date a run asks for.
 */
export interface ScenarioStore {
  readonly seed: number | undefined;
  readonly size: number | undefined;
  get<P extends ScenarioProcessor>(processor: P, runDate: string): ScenarioOf<P>;
}

export function createScenarioStore(options: ScenarioStoreOptions = {}): ScenarioStore {
  const cache = new Map<string, Scenario>();
  return {
    seed: options.seed,
    size: options.size,
    get<P extends ScenarioProcessor>(processor: P, runDate: string): ScenarioOf<P> {
      const key = `${processor}|${runDate}`;
      let scenario = cache.get(key);
      if (!scenario) {
        scenario = generateScenario({ processor, runDate, seed: options.seed, size: options.size });
        cache.set(key, scenario);
      }
      return scenario as ScenarioOf<P>;
    },
  };
}

/** The UTC days that intersect [startMs, endMs), oldest first; throws past MAX_WINDOW_DAYS. */
export function daysCovering(startMs: number, endMs: number): string[] {
  if (endMs <= startMs) return [];
  const first = Math.floor(startMs / DAY_MS);
  const last = Math.floor((endMs - 1) / DAY_MS);
  if (last - first + 1 > MAX_WINDOW_DAYS) {
    throw new RangeError(`the window spans more than ${MAX_WINDOW_DAYS} days`);
  }
  const days: string[] = [];
  for (let day = first; day <= last; day++) days.push(new Date(day * DAY_MS).toISOString().slice(0, 10));
  return days;
}
