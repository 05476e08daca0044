import type { Processor } from "@recon/domain";
import { generatePluginScenario, generateScenario } from "./generate-scenario";
import type { SandboxPlugin } from "./sandbox-plugin";
import type { PluginScenario, Scenario, ScenarioOf, ScenarioProcessor } from "./scenario-types";
import { isScenarioProcessor } from "./scenario-types";

const DAY_MS = 86_400_000;

/** Upper bound on the days one request may span, so a careless window cannot stall a test. */
export const MAX_WINDOW_DAYS = 92;

export interface ScenarioStoreOptions {
  /** Default 1. */
  seed?: number;
  /** Processor records per day, default 200. */
  size?: number;
  /** Processors beyond the built-in three, generated through their own kits. */
  plugins?: readonly SandboxPlugin[];
}

/**
 * Scenarios generated lazily per (processor, run date) and kept, so every emulator and the
 * ground truth see the same data for whatever date a run asks for.
 */
export interface ScenarioStore {
  readonly seed: number | undefined;
  readonly size: number | undefined;
  get<P extends ScenarioProcessor>(processor: P, runDate: string): ScenarioOf<P>;
  /** Any processor's day: a built-in one or a plugin's; throws for a processor the sandbox does not serve. */
  day(processor: Processor, runDate: string): Scenario | PluginScenario;
}

export function createScenarioStore(options: ScenarioStoreOptions = {}): ScenarioStore {
  const cache = new Map<string, Scenario | PluginScenario>();
  const plugins = new Map((options.plugins ?? []).map((plugin) => [plugin.processor, plugin]));
  const day = (processor: Processor, runDate: string): Scenario | PluginScenario => {
    const key = `${processor}|${runDate}`;
    let scenario = cache.get(key);
    if (!scenario) {
      const plugin = plugins.get(processor);
      if (plugin) scenario = generatePluginScenario(plugin.kit(), { processor, runDate, seed: options.seed, size: options.size });
      else if (isScenarioProcessor(processor)) scenario = generateScenario({ processor, runDate, seed: options.seed, size: options.size });
      else throw new Error(`the sandbox has no ${processor} data: its source module supplies no sandbox plugin`);
      cache.set(key, scenario);
    }
    return scenario;
  };
  return {
    seed: options.seed,
    size: options.size,
    get: <P extends ScenarioProcessor>(processor: P, runDate: string) => day(processor, runDate) as ScenarioOf<P>,
    day,
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
