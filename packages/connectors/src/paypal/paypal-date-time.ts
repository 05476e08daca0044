/**
 * PayPal's date-time: RFC 3339 with seconds, optional fractional seconds, and an offset `Z` or
 * `±hh:mm` (the API description's `date_time`); `±hhmm` too, because real replies have been seen
 * with `+0000`. `T`/`Z` in either case, as RFC 3339 allows.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):?(\d{2}))$/;

const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysIn = (year: number, month: number): number => [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;

/**
 * The instant a PayPal date-time names, exactly, or an error saying why it cannot be read: not
 * that form, a date or time that does not exist, a leap second, or a fraction finer than the
 * millisecond a Date holds. Never rounds and never lets JavaScript's Date roll a bad day over.
 */
export function readPaypalDateTime(value: string): Date {
  const m = DATE_TIME.exec(value);
  if (!m) throw new Error(`"${value}" is not an RFC 3339 date-time with seconds and an offset (Z, ±hh:mm or ±hhmm)`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const fraction = m[7] ?? "";
  const [sign, offsetHours, offsetMinutes] = [m[8], Number(m[9] ?? 0), Number(m[10] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) throw new Error(`"${value}" is not a real date`);
  if (hour > 23 || minute > 59 || offsetHours > 23 || offsetMinutes > 59) throw new Error(`"${value}" is not a real time of day or offset`);
  if (second === 60) throw new Error(`"${value}" names a leap second, which a timestamp cannot hold exactly`);
  if (second > 59) throw new Error(`"${value}" is not a real time of day or offset`);
  if (/[1-9]/.test(fraction.slice(3))) throw new Error(`"${value}" has fractional seconds finer than a millisecond, which a timestamp cannot hold exactly`);
  const millis = Number(fraction.slice(0, 3).padEnd(3, "0"));
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
  // Date.UTC reads years 0..99 as 1900..1999; the calendar was checked for `year` above.
  date.setUTCFullYear(year);
  const offsetMs = (offsetHours * 60 + offsetMinutes) * 60_000;
  return new Date(date.getTime() - (sign === "-" ? -offsetMs : offsetMs));
}
