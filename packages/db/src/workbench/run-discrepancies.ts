// A run's discrepancies as the run page lists them: filtered by kind, currency, amount range (per
// currency, in its own minor units) and text, paged with a total count, and streamed for export.
import { currencyExponent, toMinorUnits } from "@recon/domain";
import { compareDecimals, DECIMAL_AMOUNT, minorBound } from "./amount-bound";
import { likeLiteral } from "./like-literal";
import type { Db } from "../client";
import { streamQuery } from "../cursor-stream";
import { DISCREPANCY_COLUMNS, discrepancyRowOf, type DiscrepancyDbRow, type DiscrepancyRow } from "../runs";

export const DISCREPANCY_PAGE_SIZE = 50;

/** A filter value that cannot be applied; its message says why, for the person who typed it. */
export class DiscrepancyFilterError extends Error {}

/** Bounds of amount at risk, in one currency's minor units (inclusive). */
export interface CurrencyAmountBounds {
  currency: string;
  minMinor?: bigint;
  maxMinor?: bigint;
}

export interface DiscrepancyFilter {
  kind?: string;
  currency?: string;
  /** One entry per currency the range applies to: a row matches through its own currency's bounds. */
  amount?: CurrencyAmountBounds[];
  /** Substring of the processor id, the ledger id or the reason (case-insensitive). */
  text?: string;
}

/** A stored discrepancy as the reports list it, with its id (for paging and the export). */
export interface RunDiscrepancy extends DiscrepancyRow {
  id: string;
}

export interface DiscrepancyPage {
  rows: RunDiscrepancy[];
  total: number;
  page: number;
  pageSize: number;
}


function parseBound(value: string, scope: AmountScope, currency: string, which: "minimum" | "maximum"): bigint {
  if (!DECIMAL_AMOUNT.test(value)) throw new DiscrepancyFilterError(`${which} amount: invalid amount "${value}": expected a decimal number such as 12.34`);
  if ("currencies" in scope) return minorBound(value, currencyExponent(currency), which === "minimum" ? "ceil" : "floor");
  try {
    return toMinorUnits(value, currency);
  } catch (error) {
    throw new DiscrepancyFilterError(`${which} amount: ${(error as Error).message}`);
  }
}

/** The listing an amount range applies to: one chosen currency, or all the run's currencies. */
export type AmountScope = { currency: string } | { currencies: readonly string[] };

/**
 * Turns an amount range typed in major units ("12.50") into minor-unit bounds for each currency
 * of the scope (amount-bound.ts: exact in a chosen currency, rounded inwards across several).
 * Empty min and max mean no range (undefined).
 */
export function parseAmountRange(min: string | undefined, max: string | undefined, scope: AmountScope): CurrencyAmountBounds[] | undefined {
  const minText = min?.trim() ? min.trim() : undefined;
  const maxText = max?.trim() ? max.trim() : undefined;
  if (minText === undefined && maxText === undefined) return undefined;
  for (const [which, text] of [["minimum", minText], ["maximum", maxText]] as const) {
    if (text !== undefined && text.startsWith("-")) throw new DiscrepancyFilterError(`${which} amount "${text}" is negative: amounts at stake are never below 0`);
  }
  const currencies = "currencies" in scope ? scope.currencies : [scope.currency];
  const bounds = currencies.map((currency) => ({
    currency,
    ...(minText === undefined ? {} : { minMinor: parseBound(minText, scope, currency, "minimum") }),
    ...(maxText === undefined ? {} : { maxMinor: parseBound(maxText, scope, currency, "maximum") }),
  }));
  // The typed values are compared: rounded inwards, one currency's bounds may cross and match nothing.
  if (minText !== undefined && maxText !== undefined && compareDecimals(minText, maxText) > 0) {
    throw new DiscrepancyFilterError(`minimum amount ${minText} is above the maximum ${maxText}`);
  }
  return bounds;
}


function whereOf(runId: string, filter: DiscrepancyFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [runId];
  const next = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const clauses = ["run_id = $1::uuid"];
  if (filter.kind !== undefined) clauses.push(`kind = ${next(filter.kind)}`);
  if (filter.currency !== undefined) clauses.push(`currency = ${next(filter.currency)}`);
  if (filter.amount !== undefined) {
    const perCurrency = filter.amount.map((bound) => {
      const parts = [`currency = ${next(bound.currency)}`];
      if (bound.minMinor !== undefined) parts.push(`amount_at_risk_minor >= ${next(bound.minMinor.toString())}::bigint`);
      if (bound.maxMinor !== undefined) parts.push(`amount_at_risk_minor <= ${next(bound.maxMinor.toString())}::bigint`);
      return `(${parts.join(" AND ")})`;
    });
    clauses.push(perCurrency.length > 0 ? `(${perCurrency.join(" OR ")})` : "false");
  }
  if (filter.text !== undefined && filter.text.trim() !== "") {
    const text = filter.text.trim();
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f]/.test(text)) throw new DiscrepancyFilterError("the search text contains control characters");
    // One LIKE over the three fields joined by a separator no search text can contain (refused
    // above), lower-cased on both sides: a third of the time of three ILIKEs at 100,000 rows.
    clauses.push(
      `lower(coalesce(processor_external_id, '') || E'\\x1f' || coalesce(internal_external_id, '') || E'\\x1f' || reason) LIKE ${next(`%${likeLiteral(text.toLowerCase())}%`)} ESCAPE '\\'`,
    );
  }
  return { sql: clauses.join(" AND "), params };
}

const COLUMNS = `id::text, ${DISCREPANCY_COLUMNS}`;
const ORDER = "ORDER BY amount_at_risk_minor DESC, id";

type Row = DiscrepancyDbRow & { id: string };

function rowOf(row: Row): RunDiscrepancy {
  return { ...discrepancyRowOf(row), id: row.id };
}

/** One page (1-based) of the run's discrepancies matching the filter, and how many match in all. */
export async function searchRunDiscrepancies(
  db: Db,
  runId: string,
  filter: DiscrepancyFilter,
  page: number,
  pageSize = DISCREPANCY_PAGE_SIZE,
): Promise<DiscrepancyPage> {
  if (!Number.isInteger(page) || page < 1) throw new DiscrepancyFilterError(`page must be a whole number from 1, got ${page}`);
  const where = whereOf(runId, filter);
  const offset = (page - 1) * pageSize;
  const [rows, count] = await Promise.all([
    // The page's ids first (from the index alone where it can), then only those 50 rows are read:
    // a deep page skips its offset in the index instead of fetching every row before it.
    db.pool.query<Row>(
      `SELECT ${COLUMNS} FROM discrepancies WHERE id IN (
         SELECT id FROM discrepancies WHERE ${where.sql} ${ORDER} LIMIT ${pageSize} OFFSET ${offset}) ${ORDER}`,
      where.params,
    ),
    db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM discrepancies WHERE ${where.sql}`, where.params),
  ]);
  return { rows: rows.rows.map(rowOf), total: count.rows[0]!.n, page, pageSize };
}

/** Every matching discrepancy, in page order, through a cursor (memory stays flat at any size). */
export function streamRunDiscrepancies(db: Db, runId: string, filter: DiscrepancyFilter): AsyncGenerator<RunDiscrepancy> {
  const where = whereOf(runId, filter);
  return streamQuery<Row, RunDiscrepancy>(db.pool, `SELECT ${COLUMNS} FROM discrepancies WHERE ${where.sql} ${ORDER}`, where.params, rowOf);
}

/** The currencies the run's discrepancies are in, alphabetical (the currency filter's choices). */
export async function runDiscrepancyCurrencies(db: Db, runId: string): Promise<string[]> {
  // A loose index scan would be faster on huge runs; DISTINCT over the run's rows is fine at 100k.
  const { rows } = await db.pool.query<{ currency: string }>(
    "SELECT DISTINCT currency FROM discrepancies WHERE run_id = $1::uuid ORDER BY currency",
    [runId],
  );
  return rows.map((row) => row.currency);
}

/** Counts per kind of the stored discrepancies (what the page lists, whatever the figures say). */
