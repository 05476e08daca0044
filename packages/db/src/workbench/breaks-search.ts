// The breaks workbench's list: breaks across days, filtered, sorted and paged in Postgres, with
// the counts per age bucket the page's header shows, and a streaming read of the same list for
// the CSV export. Amounts are typed by people in major units and compared exactly in minor
// units of each row's own currency: money of two currencies is never compared.
import { currencyExponent, normalizeCurrency, parseRunDate, toMinorUnits } from "@recon/domain";
import { compareDecimals, DECIMAL_AMOUNT, minorBound } from "./amount-bound";
import { likeLiteral } from "./like-literal";
import { BREAK_SELECT, toBreak, type BreakDbRow, type BreakRow } from "../breaks";
import type { Db } from "../client";
import { streamQuery } from "../cursor-stream";

/** Age = whole days from the first run date that saw the break to `asOf`. */
export const AGE_BUCKETS = ["0-1", "2-7", "8-30", "over-30"] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];
export const AGE_BUCKET_LABELS: Record<AgeBucket, string> = {
  "0-1": "0–1 days",
  "2-7": "2–7 days",
  "8-30": "8–30 days",
  "over-30": "over 30 days",
};

export const BREAK_SORTS = ["age", "amount", "last-seen", "processor"] as const;
export type BreakSort = (typeof BREAK_SORTS)[number];
export type SortDirection = "asc" | "desc";

export const BREAKS_PAGE_SIZE = 50;

export interface BreaksSearchFilter {
  /** Default "open". */
  status?: "open" | "resolved" | "all";
  processor?: string;
  kind?: string;
  /** ISO code; with an amount range, the range is in this currency. */
  currency?: string;
  ageBucket?: AgeBucket;
  /** Major units as a person typed them ("12.50"); without `currency`, read in each row's currency. */
  minAmount?: string;
  maxAmount?: string;
  /** Matched (case-insensitive, literally) against the break id, both record ids and the reason. */
  text?: string;
  /** Default "age" "desc": the oldest first, the ones most in need of attention. */
  sort?: BreakSort;
  direction?: SortDirection;
  /** 1-based. Default 1. */
  page?: number;
  /** YYYY-MM-DD the age is measured to. Default: today (UTC). */
  asOf?: string;
}

export interface BreaksSearchResult {
  rows: BreakRow[];
  /** Breaks matching the whole filter (every page). */
  total: number;
  page: number;
  pageSize: number;
  /** Breaks matching the filter but for its age bucket, per bucket. */
  bucketCounts: Record<AgeBucket, number>;
}

/** Refused input (a malformed amount, an unknown currency): the message names the problem. */
export class BreaksFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BreaksFilterError";
  }
}

const AGE = "($1::date - b.first_seen_run_date)";
const BUCKET_CONDITION: Record<AgeBucket, string> = {
  "0-1": `${AGE} <= 1`,
  "2-7": `${AGE} BETWEEN 2 AND 7`,
  "8-30": `${AGE} BETWEEN 8 AND 30`,
  "over-30": `${AGE} > 30`,
};

// Sort keys. Ascending age is the youngest first (latest first-seen day). Amount sorts within
// currency (currency first): 5.000 KWD and 5.00 USD are not comparable amounts.
const SORT_KEYS: Record<BreakSort, (dir: string, flip: string) => string> = {
  age: (_dir, flip) => `b.first_seen_run_date ${flip}`,
  amount: (dir) => `b.currency ${dir}, b.amount_at_risk_minor ${dir}`,
  "last-seen": (dir) => `b.last_seen_run_date ${dir}`,
  processor: (dir) => `b.processor ${dir}`,
};


function checkedAmount(label: string, value: string): string {
  const trimmed = value.trim();
  if (!DECIMAL_AMOUNT.test(trimmed)) throw new BreaksFilterError(`${label} "${value}" is not an amount: write it in major units, such as 12.50`);
  return trimmed;
}



interface Query {
  asOf: string;
  /** Conditions but for the age bucket, and the bucket's own condition. */
  where: string;
  bucket: string | undefined;
  params: unknown[];
}

/**
 * The filter as SQL. The amount range either in minor units of the chosen currency (exact,
 * toMinorUnits refuses digits the currency does not have) or, without a currency, as an exact
 * numeric comparison in each row's currency: minor >= major * 10^exponent(row's currency).
 */
async function buildQuery(db: Db, filter: BreaksSearchFilter): Promise<Query> {
  let asOf: string;
  try {
    asOf = filter.asOf === undefined ? new Date().toISOString().slice(0, 10) : parseRunDate(filter.asOf);
  } catch (error) {
    throw new BreaksFilterError(`as of: ${(error as Error).message}`);
  }
  const params: unknown[] = [asOf];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions: string[] = [];
  const status = filter.status ?? "open";
  if (status !== "all") conditions.push(`b.status = ${param(status)}`);
  if (filter.processor) conditions.push(`b.processor = ${param(filter.processor)}`);
  if (filter.kind) conditions.push(`b.kind = ${param(filter.kind)}`);
  let currency: string | undefined;
  if (filter.currency) {
    try {
      currency = normalizeCurrency(filter.currency);
    } catch (error) {
      throw new BreaksFilterError((error as Error).message);
    }
    conditions.push(`b.currency = ${param(currency)}`);
  }
  const min = filter.minAmount?.trim() ? checkedAmount("minimum amount", filter.minAmount) : undefined;
  const max = filter.maxAmount?.trim() ? checkedAmount("maximum amount", filter.maxAmount) : undefined;
  if (min !== undefined && max !== undefined && compareDecimals(min, max) > 0) {
    throw new BreaksFilterError(`minimum amount ${min} is more than maximum amount ${max}`);
  }
  if ((min !== undefined || max !== undefined) && currency !== undefined) {
    try {
      if (min !== undefined) conditions.push(`b.amount_at_risk_minor >= ${param(toMinorUnits(min, currency).toString())}::bigint`);
      if (max !== undefined) conditions.push(`b.amount_at_risk_minor <= ${param(toMinorUnits(max, currency).toString())}::bigint`);
    } catch (error) {
      throw new BreaksFilterError((error as Error).message);
    }
  } else if (min !== undefined || max !== undefined) {
    // The exponents of the currencies breaks are in (few): the domain's table, not a copy in SQL.
    // Each bound becomes whole minor units per currency, rounded inwards (exact for integers).
    const { rows } = await db.pool.query<{ currency: string }>("SELECT DISTINCT currency FROM breaks");
    const codes = rows.map((row) => row.currency.trim());
    const perCurrency = (value: string, rounding: "ceil" | "floor"): string =>
      `CASE b.currency ${codes.map((code) => `WHEN ${param(code)} THEN ${param(minorBound(value, currencyExponent(code), rounding).toString())}::bigint`).join(" ")} END`;
    if (codes.length === 0) conditions.push("FALSE");
    else {
      if (min !== undefined) conditions.push(`b.amount_at_risk_minor >= ${perCurrency(min, "ceil")}`);
      if (max !== undefined) conditions.push(`b.amount_at_risk_minor <= ${perCurrency(max, "floor")}`);
    }
  }
  const text = filter.text?.trim();
  if (text) {
    const pattern = param(`%${likeLiteral(text)}%`);
    conditions.push(
      `(b.id::text ILIKE ${pattern} OR b.processor_external_id ILIKE ${pattern} OR b.internal_external_id ILIKE ${pattern} OR b.reason ILIKE ${pattern})`,
    );
  }
  return {
    asOf,
    where: conditions.length === 0 ? "TRUE" : conditions.join(" AND "),
    bucket: filter.ageBucket === undefined ? undefined : BUCKET_CONDITION[filter.ageBucket],
    params,
  };
}

function orderBy(filter: BreaksSearchFilter): string {
  const direction = filter.direction === "asc" ? "ASC" : "DESC";
  const flip = direction === "ASC" ? "DESC" : "ASC";
  // The id breaks ties in the sort's direction, so paging never repeats or skips a row.
  return `${SORT_KEYS[filter.sort ?? "age"](direction, flip)}, b.id ${direction}`;
}

const BREAKS_FROM = BREAK_SELECT.replace(/FROM breaks\s*$/, "FROM breaks b");

/** One page of the breaks matching `filter`, the total, and the counts per age bucket. */
export async function searchBreaks(db: Db, filter: BreaksSearchFilter = {}): Promise<BreaksSearchResult> {
  const query = await buildQuery(db, filter);
  const page = Math.max(1, Math.floor(filter.page ?? 1));
  const where = query.bucket === undefined ? query.where : `${query.where} AND ${query.bucket}`;
  const [rows, counts] = await Promise.all([
    db.pool.query<BreakDbRow>(
      `${BREAKS_FROM} WHERE ${where} ORDER BY ${orderBy(filter)} LIMIT ${BREAKS_PAGE_SIZE} OFFSET ${(page - 1) * BREAKS_PAGE_SIZE}`,
      query.params,
    ),
    db.pool.query<Record<string, string>>(
      `SELECT ${AGE_BUCKETS.map((bucket, i) => `count(*) FILTER (WHERE ${BUCKET_CONDITION[bucket]}) AS b${i}`).join(", ")}
         FROM breaks b WHERE ${query.where}`,
      query.params,
    ),
  ]);
  const countRow = counts.rows[0] ?? {};
  const bucketCounts = Object.fromEntries(AGE_BUCKETS.map((bucket, i) => [bucket, Number(countRow[`b${i}`] ?? 0)])) as Record<AgeBucket, number>;
  const total = filter.ageBucket === undefined ? AGE_BUCKETS.reduce((sum, bucket) => sum + bucketCounts[bucket], 0) : bucketCounts[filter.ageBucket];
  return { rows: rows.rows.map(toBreak), total, page, pageSize: BREAKS_PAGE_SIZE, bucketCounts };
}

/**
 * Every break matching `filter` (page ignored), in the list's order, through a server-side
 * cursor: the CSV export's memory stays flat however many match. Validates before the first row.
 */
export async function streamBreaks(db: Db, filter: BreaksSearchFilter = {}): Promise<AsyncGenerator<BreakRow>> {
  const query = await buildQuery(db, filter);
  const where = query.bucket === undefined ? query.where : `${query.where} AND ${query.bucket}`;
  return streamQuery<BreakDbRow, BreakRow>(db.pool, `${BREAKS_FROM} WHERE ${where} ORDER BY ${orderBy(filter)}`, query.params, toBreak);
}
