import { localInstant, readClock, readDay, resolveZone } from "@recon/connectors";

/**
 * The instant of Adyen's "YYYY-MM-DD HH:MM:SS" local time and the zone code next to it ("CET",
 * "UTC"), as its reports write Booking Date and Creation Date. Throws naming the cell at fault.
 */
export function bookingInstant(dateTime: string, zoneCell: string, dateColumn: string, zoneColumn: string): Date {
  const both = /^\s*(\S+)\s+(\S+)\s*$/.exec(dateTime);
  if (!both) throw new Error(`${dateColumn}: "${dateTime}" is not a local time written YYYY-MM-DD HH:MM:SS`);
  const zone = resolveZone(zoneCell);
  if (!zone) throw new Error(`${zoneColumn}: "${zoneCell}" is not a time zone this reader knows`);
  try {
    return localInstant(readDay(both[1]!, "ymd"), readClock(both[2]!), zone);
  } catch (error) {
    throw new Error(`${dateColumn}: ${(error as Error).message}`, { cause: error });
  }
}

/** Minutes east of UTC of a report's zone cell on a day (at its midnight), or null for a zone this reader does not know. */
export function zoneOffsetMinutes(zoneCell: string, day: string): number | null {
  const zone = resolveZone(zoneCell);
  if (!zone) return null;
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  try {
    return (Date.UTC(y, m - 1, d) - localInstant([y, m, d], [0, 0, 0], zone).getTime()) / 60_000;
  } catch {
    // Midnight skipped by a daylight-saving change: an hour later is on the same side of UTC.
    return (Date.UTC(y, m - 1, d, 1) - localInstant([y, m, d], [1, 0, 0], zone).getTime()) / 60_000;
  }
}
