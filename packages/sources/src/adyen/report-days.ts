import type { FetchWindow } from "@recon/connectors";

/** The calendar day (YYYY-MM-DD) an instant falls on in an IANA zone. */
function dayIn(zone: string, instant: number): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(instant));
}

const MAX_DAYS = 400;

/**
 * The daily reports that hold the bookings of [start, end): every calendar day of the report's
 * zone the window touches. In UTC that is the window's UTC days; in a zone ahead of UTC
 * (Europe/Amsterdam) the late hours of a UTC day are in the next day's report, behind UTC the
 * early hours are in the previous day's.
 */
export function reportDays(window: FetchWindow, zone: string): string[] {
  const start = window.start.getTime();
  const last = window.end.getTime() - 1;
  if (!(last >= start)) return [];
  const first = dayIn(zone, start);
  const final = dayIn(zone, last);
  const days: string[] = [];
  for (let day = first; day <= final; day = nextDay(day)) {
    days.push(day);
    if (days.length > MAX_DAYS) throw new Error(`the window ${window.start.toISOString()}..${window.end.toISOString()} spans more than ${MAX_DAYS} daily reports`);
  }
  return days;
}

function nextDay(day: string): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + 1);
  return at.toISOString().slice(0, 10);
}
