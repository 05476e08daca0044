// The breaks list's query string: read and checked here (a bad value is a 400 naming it), and
// written back for links (pager, buckets, export) so every link keeps the filters.
import { AGE_BUCKETS, BREAK_SORTS, type AgeBucket, type BreakSort, type BreaksSearchFilter } from "@recon/db";
import { DISCREPANCY_KINDS, isProcessor, normalizeCurrency, PROCESSORS, toMinorUnits } from "@recon/domain";

/** The filter as the page shows it: every field as typed, empty when not set. */
export interface BreaksQuery {
  status: "open" | "resolved" | "all";
  processor: string;
  kind: string;
  currency: string;
  bucket: AgeBucket | "";
  min: string;
  max: string;
  q: string;
  sort: BreakSort;
  dir: "asc" | "desc";
  page: number;
}

export const DEFAULT_QUERY: BreaksQuery = {
  status: "open", processor: "", kind: "", currency: "", bucket: "", min: "", max: "", q: "", sort: "age", dir: "desc", page: 1,
};

/** A query-string value the list cannot use; the message names the parameter and the value. */
export class BadQueryError extends Error {}

const MAX_PAGE = 1_000_000;

function one(query: Record<string, unknown>, name: string): string {
  const value = query[name];
  if (value === undefined) return "";
  if (typeof value !== "string") throw new BadQueryError(`${name} must be given once`);
  return value.trim();
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new BadQueryError(`${name} "${value}" is not one of ${allowed.join(", ")}`);
  return value as T;
}

/** Reads the list's query string; throws BadQueryError naming the first bad value. */
export function parseBreaksQuery(query: Record<string, unknown>): BreaksQuery {
  const status = one(query, "status") || DEFAULT_QUERY.status;
  const processor = one(query, "processor");
  const kind = one(query, "kind");
  const currencyText = one(query, "currency");
  const bucket = one(query, "bucket");
  const sort = one(query, "sort") || DEFAULT_QUERY.sort;
  const dir = one(query, "dir") || DEFAULT_QUERY.dir;
  const pageText = one(query, "page") || "1";
  if (processor && !isProcessor(processor)) throw new BadQueryError(`processor "${processor}" is not one of ${PROCESSORS.join(", ")}`);
  if (kind) oneOf("kind", kind, DISCREPANCY_KINDS);
  let currency = "";
  try {
    if (currencyText) currency = normalizeCurrency(currencyText);
  } catch (error) {
    throw new BadQueryError(`currency: ${(error as Error).message}`);
  }
  const min = one(query, "min");
  const max = one(query, "max");
  for (const [label, amount] of [["min", min], ["max", max]] as const) {
    if (!amount) continue;
    try {
      // In the chosen currency exactly; without one, only the form (the db reads it per row).
      toMinorUnits(amount, currency || "KWD");
    } catch (error) {
      if (currency || !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(amount)) throw new BadQueryError(`${label} amount: ${(error as Error).message}`);
    }
  }
  if (!/^\d{1,7}$/.test(pageText) || Number(pageText) < 1 || Number(pageText) > MAX_PAGE) {
    throw new BadQueryError(`page "${pageText}" is not a page number`);
  }
  return {
    status: oneOf("status", status, ["open", "resolved", "all"] as const),
    processor,
    kind,
    currency,
    bucket: bucket ? oneOf("bucket", bucket, AGE_BUCKETS) : "",
    min,
    max,
    q: one(query, "q"),
    sort: oneOf("sort", sort, BREAK_SORTS),
    dir: oneOf("dir", dir, ["asc", "desc"] as const),
    page: Number(pageText),
  };
}

/** The read model's filter for a checked query. */
export function toSearchFilter(query: BreaksQuery): BreaksSearchFilter {
  return {
    status: query.status,
    ...(query.processor ? { processor: query.processor } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.currency ? { currency: query.currency } : {}),
    ...(query.bucket ? { ageBucket: query.bucket } : {}),
    ...(query.min ? { minAmount: query.min } : {}),
    ...(query.max ? { maxAmount: query.max } : {}),
    ...(query.q ? { text: query.q } : {}),
    sort: query.sort,
    direction: query.dir,
    page: query.page,
  };
}

/** The query string of `query` with `changes`, defaults left out ("" when nothing is set). */
export function breaksQueryString(query: BreaksQuery, changes: Partial<BreaksQuery> = {}): string {
  const merged = { ...query, ...changes };
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_QUERY) as (keyof BreaksQuery)[]) {
    const value = String(merged[key]);
    if (value !== "" && value !== String(DEFAULT_QUERY[key])) params.set(key, value);
  }
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}
