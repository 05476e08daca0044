/** A run date is a UTC calendar day written YYYY-MM-DD. */
const RUN_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Parses and validates a run date; the error names the bad value and the expected form. */
export function parseRunDate(value: string): string {
  if (!RUN_DATE_PATTERN.test(value)) {
    throw new Error(`invalid date "${value}": expected YYYY-MM-DD`);
  }
  const parsed = new Date(`${value}T00:00:00.000Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    throw new Error(`invalid date "${value}": no such calendar day`);
  }
  return value;
}

/** Today's date in UTC, the default run date. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The [start, end) instants of a run date in UTC. */
export function dayWindow(runDate: string): { start: Date; end: Date } {
  const start = new Date(`${parseRunDate(runDate)}T00:00:00.000Z`);
  return { start, end: new Date(start.getTime() + 86_400_000) };
}
