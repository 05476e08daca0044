import { AMBIGUOUS_ABBREVIATIONS, NAMED_ZONES, ZONE_ABBREVIATIONS } from "./time-zone-names";

/** The order of a date's parts: ISO (2025-10-09), US (10/09/2025) or most of the world (09/10/2025). */
export type DateOrder = "ymd" | "mdy" | "dmy";
export const DATE_ORDERS: readonly DateOrder[] = ["ymd", "mdy", "dmy"];

/** A calendar day: [year, month 1-12, day 1-31]. */
export type CalendarDay = readonly [number, number, number];

/** Where a local time is: a fixed offset (minutes east of UTC) or an IANA zone. */
export type ZoneRule = { kind: "offset"; minutes: number } | { kind: "iana"; zone: string };

function isCalendarDay(y: number, m: number, d: number): boolean {
  const at = new Date(Date.UTC(y, m - 1, d));
  return at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d;
}

/**
 * Every way a date cell can be read, by order: "2025-10-09" only as ymd; "10/09/2025" as mdy
 * (9 October) and as dmy (10 September); "13/09/2025" only as dmy; "09/09/2025" the same day
 * either way. Separators "/", "." and "-"; four-digit years only (a two-digit year would be a
 * guess about the century). An unreadable cell has no reading.
 */
export function dayReadings(cell: string): Partial<Record<DateOrder, CalendarDay>> {
  const text = cell.trim();
  const readings: Partial<Record<DateOrder, CalendarDay>> = {};
  const ymd = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(text);
  if (ymd) {
    const [y, m, d] = [Number(ymd[1]), Number(ymd[3]), Number(ymd[4])];
    if (isCalendarDay(y, m, d)) readings.ymd = [y, m, d];
    return readings;
  }
  const local = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})$/.exec(text);
  if (!local) return readings;
  const [a, b, y] = [Number(local[1]), Number(local[3]), Number(local[4])];
  if (isCalendarDay(y, a, b)) readings.mdy = [y, a, b];
  if (isCalendarDay(y, b, a)) readings.dmy = [y, b, a];
  return readings;
}

/** The day a date cell means in `order`, or an error saying why it cannot be read so. */
export function readDay(cell: string, order: DateOrder): CalendarDay {
  const readings = dayReadings(cell);
  // ISO dates read the same in any order, and so does a local date whose day and month agree.
  const day = readings[order] ?? readings.ymd ?? (String(readings.mdy) === String(readings.dmy) ? readings.mdy : undefined);
  if (day) return day;
  const expected = order === "ymd" ? "YYYY-MM-DD" : order === "mdy" ? "MM/DD/YYYY" : "DD/MM/YYYY";
  throw new Error(`date "${cell}" is not a calendar day written ${expected}`);
}

/** "13:05", "13:05:09", "1:05:09 PM" → [hour, minute, second]. */
export function readClock(cell: string): [number, number, number] {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?$/.exec(cell.trim());
  if (!m) throw new Error(`time "${cell}" is not a time of day such as 13:05:09`);
  let hour = Number(m[1]);
  const [minute, second] = [Number(m[2]), Number(m[3] ?? 0)];
  if (m[4]) {
    if (hour < 1 || hour > 12) throw new Error(`time "${cell}" is not a time of day such as 1:05:09 PM`);
    hour = (hour % 12) + (/[Pp]/.test(m[4]) ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) throw new Error(`time "${cell}" is not a time of day such as 13:05:09`);
  return [hour, minute, second];
}

/** True for a zone name the runtime's time zone database knows ("Europe/Berlin"). */
export function isIanaZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone a zone cell names: UTC offsets ("-07:00", "+0530", "GMT+8", "UTC-3"), unambiguous
 * abbreviations ("PDT", "CEST"), Rails names ("Pacific Time (US & Canada)") and IANA names;
 * null for an empty cell, an ambiguous abbreviation ("IST") or a name nobody defines.
 */
export function resolveZone(cell: string): ZoneRule | null {
  const name = cell.trim();
  if (name === "" || AMBIGUOUS_ABBREVIATIONS.has(name.toUpperCase())) return null;
  const abbreviation = ZONE_ABBREVIATIONS[name.toUpperCase()];
  if (abbreviation !== undefined) return { kind: "offset", minutes: abbreviation };
  const offset = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(name);
  if (offset) {
    const minutes = Number(offset[2]) * 60 + Number(offset[3] ?? 0);
    return minutes <= 14 * 60 ? { kind: "offset", minutes: (offset[1] === "-" ? -1 : 1) * minutes } : null;
  }
  const zone = NAMED_ZONES[name] ?? name;
  return zone.includes("/") || zone === "UTC" ? (isIanaZone(zone) ? { kind: "iana", zone } : null) : null;
}

/** Minutes east of UTC of an IANA zone at an instant. */
function ianaOffset(zone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/**
 * The instant of a local day and clock in a zone. In an IANA zone, a local time that a
 * daylight-saving change skips does not exist and one it repeats happens twice: both are errors
 * (the row is quarantined), because either reading would be a guess.
 */
export function localInstant(day: CalendarDay, clock: readonly [number, number, number], zone: ZoneRule): Date {
  const localAsUtc = Date.UTC(day[0], day[1] - 1, day[2], clock[0], clock[1], clock[2]);
  if (zone.kind === "offset") return new Date(localAsUtc - zone.minutes * 60_000);
  // The offsets in force a day either side cover both sides of any change near this time.
  const offsets = new Set([ianaOffset(zone.zone, localAsUtc - 86_400_000), ianaOffset(zone.zone, localAsUtc + 86_400_000), ianaOffset(zone.zone, localAsUtc)]);
  const instants = [...offsets].map((o) => localAsUtc - o * 60_000).filter((at) => ianaOffset(zone.zone, at) === (localAsUtc - at) / 60_000);
  const unique = [...new Set(instants)];
  const shown = `${day.map((n, i) => String(n).padStart(i === 0 ? 4 : 2, "0")).join("-")} ${clock.map((n) => String(n).padStart(2, "0")).join(":")}`;
  if (unique.length === 0) throw new Error(`${shown} does not exist in ${zone.zone} (a daylight-saving change skips it)`);
  if (unique.length > 1) throw new Error(`${shown} happens twice in ${zone.zone} (a daylight-saving change repeats it); the export does not say which`);
  return new Date(unique[0]!);
}
