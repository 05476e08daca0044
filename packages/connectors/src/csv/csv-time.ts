/**
 * Local date + time + zone, as processors' CSV exports write them, to an instant. Zones: UTC/GMT,
 * US and European abbreviations, numeric offsets (+0530, -07:00), IANA names (America/New_York)
 * and Square's "Pacific Time (US & Canada)" style names. Anything else is an error naming it.
 */
const ABBREVIATIONS: Record<string, number> = {
  UTC: 0, GMT: 0, Z: 0, WET: 0, BST: 60, CET: 60, CEST: 120, EET: 120, EEST: 180,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  AKST: -540, AKDT: -480, HST: -600, JST: 540, KST: 540, AST: 180, IST: 330,
};

const NAMED: Record<string, string> = {
  "pacific time (us & canada)": "America/Los_Angeles",
  "mountain time (us & canada)": "America/Denver",
  "central time (us & canada)": "America/Chicago",
  "eastern time (us & canada)": "America/New_York",
  london: "Europe/London",
  tokyo: "Asia/Tokyo",
  kuwait: "Asia/Kuwait",
};

/** YYYY-MM-DD or MM/DD/YYYY (the US form PayPal and Square use), to [y, m, d]. */
function parseDay(value: string): [number, number, number] {
  const v = value.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  if (m) return [Number(m[3]), Number(m[1]), Number(m[2])];
  throw new Error(`date "${value}": expected YYYY-MM-DD or MM/DD/YYYY`);
}

function parseClock(value: string): [number, number, number] {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) throw new Error(`time "${value}": expected HH:MM:SS`);
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

/** Minutes east of UTC of an IANA zone at (about) a given instant. */
function ianaOffset(zone: string, utcGuess: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
  }).formatToParts(new Date(utcGuess));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - utcGuess) / 60_000);
}

function zoneOffset(zone: string, localAsUtc: number): number {
  const z = zone.trim();
  if (z === "") return 0;
  const abbreviation = ABBREVIATIONS[z.toUpperCase()];
  if (abbreviation !== undefined) return abbreviation;
  const numeric = /^(?:UTC|GMT)?([+-])(\d{2}):?(\d{2})$/.exec(z);
  if (numeric) return (numeric[1] === "-" ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3]));
  const iana = NAMED[z.toLowerCase()] ?? z;
  try {
    // Twice: the offset at the guessed instant, then at the corrected one (DST edges).
    const first = ianaOffset(iana, localAsUtc);
    return ianaOffset(iana, localAsUtc - first * 60_000);
  } catch {
    throw new Error(`time zone "${zone}": not a zone this import knows (use UTC, an offset such as -07:00, or an IANA name)`);
  }
}

export function localToInstant(date: string, time: string, zone: string): Date {
  const [y, mo, d] = parseDay(date);
  const [h, mi, s] = parseClock(time);
  const localAsUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(localAsUtc);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) throw new Error(`date "${date}": no such calendar day`);
  return new Date(localAsUtc - zoneOffset(zone, localAsUtc) * 60_000);
}
