// The overview's read model: per processor the last 30 days of runs, the trend of open breaks and
// of the money they put at stake (per currency, never summed across currencies), and what needs
// attention first.
import { parseRunDate, PROCESSORS, todayUtc, type Processor } from "@recon/domain";
import type { Db } from "../client";
import { atStakeOfTotals, discrepancyCountOf, type CurrencyAmount } from "./money-by-currency";

export const OVERVIEW_DAYS = 30;
/** How many breaks each attention list shows. */
export const ATTENTION_LIMIT = 5;

export interface OverviewRun {
  id: string;
  status: string;
  discrepancies: number;
  atStake: CurrencyAmount[];
  sandbox: boolean;
}

export interface OverviewDay {
  /** YYYY-MM-DD */
  date: string;
  run: OverviewRun | null;
}

export interface ProcessorStrip {
  processor: Processor;
  /** Oldest first, OVERVIEW_DAYS of them, ending at asOf. */
  days: OverviewDay[];
}

export interface TrendPoint {
  date: string;
  /** Breaks open at the end of the day, all processors. */
  openBreaks: number;
  /** Sum of |amount at risk| of those breaks, per currency. */
  atStake: CurrencyAmount[];
}

export interface OpenBreakSummary {
  id: string;
  processor: string;
  kind: string;
  currency: string;
  amountAtRiskMinor: bigint;
  firstSeenRunDate: string;
  processorExternalId: string | null;
  internalExternalId: string | null;
}

export interface FailedRunSummary {
  id: string;
  processor: string;
  runDate: string;
  errorMessage: string | null;
}

export interface Overview {
  from: string;
  to: string;
  strips: ProcessorStrip[];
  trend: TrendPoint[];
  /** Every currency appearing in the trend, alphabetical. */
  trendCurrencies: string[];
  failedRuns: FailedRunSummary[];
  oldestOpenBreaks: OpenBreakSummary[];
  /** The largest open breaks of each currency (amounts compared within a currency only). */
  largestOpenBreaks: { currency: string; breaks: OpenBreakSummary[] }[];
  sandbox: boolean;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

interface BreakRow {
  id: string;
  processor: string;
  kind: string;
  currency: string;
  amount_at_risk_minor: string;
  first_seen_run_date: string;
  processor_external_id: string | null;
  internal_external_id: string | null;
}

const BREAK_COLUMNS = `id::text, processor, kind, currency, amount_at_risk_minor::text, first_seen_run_date::text,
  processor_external_id, internal_external_id`;

function breakOf(row: BreakRow): OpenBreakSummary {
  return {
    id: row.id,
    processor: row.processor,
    kind: row.kind,
    currency: row.currency,
    amountAtRiskMinor: BigInt(row.amount_at_risk_minor),
    firstSeenRunDate: row.first_seen_run_date,
    processorExternalId: row.processor_external_id,
    internalExternalId: row.internal_external_id,
  };
}

async function loadStrips(db: Db, from: string, to: string): Promise<{ strips: ProcessorStrip[]; sandbox: boolean }> {
  const { rows } = await db.pool.query<{
    id: string;
    processor_name: string;
    run_date: string;
    status: string;
    counts: unknown;
    totals: unknown;
    sandbox: boolean;
  }>(
    `SELECT id, processor_name, run_date::text, status, counts, totals, sandbox
       FROM reconciliation_runs WHERE run_date BETWEEN $1::date AND $2::date`,
    [from, to],
  );
  const byKey = new Map(rows.map((row) => [`${row.processor_name}|${row.run_date}`, row]));
  const dates = Array.from({ length: OVERVIEW_DAYS }, (_, i) => addDays(from, i));
  const strips = PROCESSORS.map((processor) => ({
    processor,
    days: dates.map((date) => {
      const row = byKey.get(`${processor}|${date}`);
      return {
        date,
        run: row
          ? {
              id: row.id,
              status: row.status,
              discrepancies: discrepancyCountOf(row.counts),
              atStake: atStakeOfTotals(row.totals),
              sandbox: row.sandbox,
            }
          : null,
      };
    }),
  }));
  return { strips, sandbox: rows.some((row) => row.sandbox) };
}

/**
 * Open at the end of day d: first seen on or before d, and still open or resolved after d (UTC).
 * Each break overlapping the window adds +1 (and its amount) on the day it is first open in the
 * window and -1 on the day it was resolved; the running sum per currency is the trend. Reading
 * changes, not (day, break) pairs, keeps this one pass over the breaks however many there are.
 */
const TREND_CHANGES_SQL = `
WITH overlapping AS (
  SELECT currency, abs(amount_at_risk_minor) AS at_stake, greatest(first_seen_run_date, $1::date) AS open_from,
         CASE WHEN status = 'open' THEN NULL ELSE (coalesce(resolved_at, updated_at) AT TIME ZONE 'UTC')::date END AS closed_on
    FROM breaks
   WHERE first_seen_run_date <= $2::date),
kept AS (SELECT * FROM overlapping WHERE closed_on IS NULL OR closed_on > open_from)
SELECT day::text, currency, sum(n)::int AS n, sum(amount)::text AS amount FROM (
  SELECT open_from AS day, currency, 1 AS n, at_stake AS amount FROM kept
  UNION ALL
  SELECT closed_on, currency, -1, -at_stake FROM kept WHERE closed_on <= $2::date) AS changes
 GROUP BY day, currency`;

async function loadTrend(db: Db, from: string, to: string): Promise<{ trend: TrendPoint[]; currencies: string[] }> {
  const { rows } = await db.pool.query<{ day: string; currency: string; n: number; amount: string }>(TREND_CHANGES_SQL, [from, to]);
  const currencies = [...new Set(rows.map((row) => row.currency))].sort();
  const open = new Map(currencies.map((currency) => [currency, { n: 0, minor: 0n }]));
  const trend: TrendPoint[] = [];
  for (let i = 0; i < OVERVIEW_DAYS; i++) {
    const date = addDays(from, i);
    for (const row of rows) {
      if (row.day !== date) continue;
      const running = open.get(row.currency)!;
      running.n += row.n;
      running.minor += BigInt(row.amount);
    }
    trend.push({
      date,
      openBreaks: [...open.values()].reduce((sum, running) => sum + running.n, 0),
      atStake: currencies.map((currency) => ({ currency, minor: open.get(currency)!.minor })),
    });
  }
  // A currency whose breaks were all resolved before the window adds nothing to show.
  const shown = currencies.filter((currency) => trend.some((point) => point.atStake.some((a) => a.currency === currency && a.minor !== 0n)));
  return {
    trend: trend.map((point) => ({ ...point, atStake: point.atStake.filter((a) => shown.includes(a.currency)) })),
    currencies: shown,
  };
}

async function loadAttention(db: Db, from: string, to: string) {
  const failed = await db.pool.query<{ id: string; processor_name: string; run_date: string; error_message: string | null }>(
    `SELECT id, processor_name, run_date::text, error_message FROM reconciliation_runs
      WHERE status = 'failed' AND run_date BETWEEN $1::date AND $2::date ORDER BY run_date DESC, processor_name`,
    [from, to],
  );
  const oldest = await db.pool.query<BreakRow>(
    `SELECT ${BREAK_COLUMNS} FROM breaks WHERE status = 'open' ORDER BY first_seen_run_date, id LIMIT ${ATTENTION_LIMIT}`,
  );
  const largest = await db.pool.query<BreakRow>(
    `SELECT ${BREAK_COLUMNS} FROM (
       SELECT *, row_number() OVER (PARTITION BY currency ORDER BY abs(amount_at_risk_minor) DESC, id) AS rank
         FROM breaks WHERE status = 'open') ranked
      WHERE rank <= ${ATTENTION_LIMIT} ORDER BY currency, rank`,
  );
  const currencies = [...new Set(largest.rows.map((row) => row.currency))];
  return {
    failedRuns: failed.rows.map((row) => ({ id: row.id, processor: row.processor_name, runDate: row.run_date, errorMessage: row.error_message })),
    oldestOpenBreaks: oldest.rows.map(breakOf),
    largestOpenBreaks: currencies.map((currency) => ({
      currency,
      breaks: largest.rows.filter((row) => row.currency === currency).map(breakOf),
    })),
  };
}

/** The overview of the OVERVIEW_DAYS days ending at `asOf` (YYYY-MM-DD, default today UTC). */
export async function loadOverview(db: Db, options: { asOf?: string } = {}): Promise<Overview> {
  const to = parseRunDate(options.asOf ?? todayUtc());
  const from = addDays(to, -(OVERVIEW_DAYS - 1));
  const [{ strips, sandbox }, { trend, currencies }, attention] = await Promise.all([
    loadStrips(db, from, to),
    loadTrend(db, from, to),
    loadAttention(db, from, to),
  ]);
  return { from, to, strips, trend, trendCurrencies: currencies, ...attention, sandbox };
}
