// The only place the chaos suite reads the environment (the house lint rule allows env.ts).

/**
 * The environment the fleet's processes inherit: the operator's own (PATH, and any setting a
 * fix adds, such as a watchdog's timeout) under the suite's connection settings.
 */
export function inheritedEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env };
}

/** CHAOS_PHASES: comma-separated phases to run (same as --phases). */
export function phasesFromEnv(): string | undefined {
  return process.env.CHAOS_PHASES || undefined;
}

/** CHAOS_SETTLE_SECONDS: how long a phase waits for its runs to end after its last fault. */
export function settleSecondsFromEnv(): string | undefined {
  return process.env.CHAOS_SETTLE_SECONDS || undefined;
}
