/**
 * The processor said "slow down" (429) and the client's own retries did not outlast it. Carries
 * the processor's Retry-After, so the fetch job can wait exactly that long (and hold back every
 * other job of the same processor) instead of guessing with its exponential backoff.
 */
export class RateLimitedError extends Error {
  override name = "RateLimitedError";
  readonly statusCode = 429;

  constructor(
    message: string,
    /** How long the processor asked us to wait, in ms; undefined when it did not say. */
    readonly retryAfterMs: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Duck-typed so that it holds across duplicated module instances too. */
export function retryAfterOf(error: unknown): number | undefined {
  if (!(error instanceof Error) || (error as { statusCode?: unknown }).statusCode !== 429) return undefined;
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof value === "number" && value >= 0 ? value : undefined;
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
