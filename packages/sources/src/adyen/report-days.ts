import type { FetchWindow } from "@recon/connectors";

const MAX_DAYS = 400;

/** The UTC calendar days (YYYY-MM-DD) that [start, end) touches. */
export function utcDays(window: FetchWindow): string[] {
  const start = window.start.getTime();
  const last = window.end.getTime() - 1;
  if (!(last >= start)) return [];
  const final = new Date(last).toISOString().slice(0, 10);
  const days: string[] = [];
  for (let day = new Date(start).toISOString().slice(0, 10); day <= final; day = shiftDay(day, 1)) {
    days.push(day);
    if (days.length > MAX_DAYS) throw new Error(`the window ${window.start.toISOString()}..${window.end.toISOString()} spans more than ${MAX_DAYS} daily reports`);
  }
  return days;
}

/** The day `by` days after (or before, when negative) a YYYY-MM-DD day. */
export function shiftDay(day: string, by: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + by);
  return at.toISOString().slice(0, 10);
}

/**
 * The reports besides the window's UTC days that hold bookings of the window, from the offsets
 * (minutes east of UTC) of the zones its reports are written in: a zone ahead of UTC books the
 * last hours of a UTC day on the next local day, one behind UTC the first hours on the day before.
 * Offsets stay within ±14 h, so one day either side is enough.
 */
export function neighbourDays(days: readonly string[], offsets: readonly number[]): string[] {
  if (days.length === 0) return [];
  const extra: string[] = [];
  if (offsets.some((o) => o < 0)) extra.push(shiftDay(days[0]!, -1));
  if (offsets.some((o) => o > 0)) extra.push(shiftDay(days.at(-1)!, 1));
  return extra;
}
