/** A half-open time range [start, end): the run's day. */
export interface DayWindow {
  start: Date;
  end: Date;
}

/** Tuning of the fuzzy passes. Every field is optional; defaults are given per field. */
export interface MatchOptions {
  /**
   * Largest amount difference the tolerance pass accepts, in basis points of the larger of
   * the two amounts (50 = 0.5%). Relative rather than absolute so one setting fits JPY and KWD alike.
   * Default 50. 0 turns the pass into "same amount, close in time".
   */
  amountToleranceBps?: number;
  /** Largest time difference between the two sides for the tolerance pass, ms. Default 2 h. */
  timeToleranceMs?: number;
  /**
   * Most records of one reference the grouped pass will search subsets of. The search is
   * exhaustive below this bound (2^n subsets), so it must stay small. Default 12.
   */
  maxGroupCandidates?: number;
  /**
   * The run's own day. Records outside it were read only because of the grace period: a pair
   * that straddles the boundary is `timing`; a pair or an unpaired record wholly outside the
   * day belongs to a neighbouring run and is listed in `outOfWindow`. Default: no window, every
   * record is in scope and `timing` is never reported.
   */
  window?: DayWindow;
}

export type ResolvedMatchOptions = Required<Omit<MatchOptions, "window">> & { window: DayWindow | null };

export const DEFAULT_AMOUNT_TOLERANCE_BPS = 50;
export const DEFAULT_TIME_TOLERANCE_MS = 2 * 60 * 60 * 1000;
export const DEFAULT_MAX_GROUP_CANDIDATES = 12;

export function resolveMatchOptions(options: MatchOptions = {}): ResolvedMatchOptions {
  const resolved = {
    amountToleranceBps: options.amountToleranceBps ?? DEFAULT_AMOUNT_TOLERANCE_BPS,
    timeToleranceMs: options.timeToleranceMs ?? DEFAULT_TIME_TOLERANCE_MS,
    maxGroupCandidates: options.maxGroupCandidates ?? DEFAULT_MAX_GROUP_CANDIDATES,
    window: options.window ?? null,
  };
  if (!Number.isInteger(resolved.amountToleranceBps) || resolved.amountToleranceBps < 0 || resolved.amountToleranceBps >= 10_000)
    throw new Error(`amountToleranceBps must be an integer in 0..9999, got ${resolved.amountToleranceBps}`);
  if (!(resolved.timeToleranceMs >= 0)) throw new Error(`timeToleranceMs must be >= 0, got ${resolved.timeToleranceMs}`);
  if (!Number.isInteger(resolved.maxGroupCandidates) || resolved.maxGroupCandidates < 2 || resolved.maxGroupCandidates > 20)
    throw new Error(`maxGroupCandidates must be an integer in 2..20, got ${resolved.maxGroupCandidates}`);
  if (resolved.window && !(resolved.window.start.getTime() < resolved.window.end.getTime()))
    throw new Error("window.start must be before window.end");
  return resolved;
}

export function inWindow(window: DayWindow | null, at: Date): boolean {
  if (window === null) return true;
  const t = at.getTime();
  return t >= window.start.getTime() && t < window.end.getTime();
}
