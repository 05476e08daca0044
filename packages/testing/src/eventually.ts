export interface EventuallyOptions {
  /** How long to keep asking before failing. Default 15000. */
  timeoutMs?: number;
  /** Pause between two asks. Default 50. */
  intervalMs?: number;
}

/**
 * Asks `check` until it answers something other than undefined or false, and returns that answer;
 * fails naming `what` (and how long it waited) once `timeoutMs` passed. Tests wait for states this
 * way, never for fixed durations. An error thrown by `check` ends the wait at once (a child
 * process that exited, say), so there is no waiting out the timeout for what can no longer happen.
 */
export async function eventually<T>(
  what: string,
  check: () => T | Promise<T>,
  options: EventuallyOptions = {},
): Promise<Exclude<T, undefined | false>> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await check();
    if (answer !== undefined && answer !== false) return answer as Exclude<T, undefined | false>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}
