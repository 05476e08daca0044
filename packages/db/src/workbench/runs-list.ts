// The runs list: every (processor, day) run, filtered and paged, newest day first.
import type { Db } from "../client";
import { atStakeOfTotals, discrepancyCountOf, type CurrencyAmount } from "./money-by-currency";

export const RUN_STATUSES = ["running", "completed", "failed", "cancelled"] as const;

export interface RunsFilter {
  processor?: string;
  status?: string;
  /** YYYY-MM-DD, inclusive */
  from?: string;
  /** YYYY-MM-DD, inclusive */
  to?: string;
}

export interface RunListRow {
  id: string;
  processor: string;
  runDate: string;
  status: string;
  sandbox: boolean;
  startTime: Date;
  endTime: Date | null;
  processorTransactionCount: number;
  internalTransactionCount: number;
  matchedCount: number;
  discrepancies: number;
  counts: Record<string, number>;
  atStake: CurrencyAmount[];
  /** The run's figures per currency (the `totals` column), alphabetical. */
  figures: CurrencyFigures[];
  errorMessage: string | null;
  reports: Record<string, string>;
}

export interface CurrencyFigures {
  currency: string;
  volumeMinor: bigint;
  missingMinor: bigint;
  atRiskMinor: bigint;
  feesAtRiskMinor: bigint;
}

function figuresOf(totals: unknown): CurrencyFigures[] {
  if (totals === null || typeof totals !== "object") return [];
  const minor = (value: string | undefined) => BigInt(value ?? "0");
  return Object.entries(totals as Record<string, Record<string, string | undefined>>)
    .map(([currency, t]) => ({
      currency,
      volumeMinor: minor(t.volumeMinor),
      missingMinor: minor(t.missingMinor),
      atRiskMinor: minor(t.atRiskMinor),
      feesAtRiskMinor: minor(t.feesAtRiskMinor),
    }))
    .sort((a, b) => (a.currency < b.currency ? -1 : 1));
}

export interface RunsPage {
  rows: RunListRow[];
  total: number;
  page: number;
  pageSize: number;
}

function whereOf(filter: RunsFilter): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    clauses.push(clause.replace("?", `$${params.length}`));
  };
  if (filter.processor !== undefined) add("processor_name = ?", filter.processor);
  if (filter.status !== undefined) add("status = ?", filter.status);
  if (filter.from !== undefined) add("run_date >= ?::date", filter.from);
  if (filter.to !== undefined) add("run_date <= ?::date", filter.to);
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(" AND ")}` : "", params };
}

const COLUMNS = `id, processor_name, run_date::text, status, sandbox, start_time, end_time, processor_transaction_count,
  internal_transaction_count, matched_count, counts, totals, error_message, reports`;

interface Row {
  id: string;
  processor_name: string;
  run_date: string;
  status: string;
  sandbox: boolean;
  start_time: Date;
  end_time: Date | null;
  processor_transaction_count: number;
  internal_transaction_count: number;
  matched_count: number;
  counts: unknown;
  totals: unknown;
  error_message: string | null;
  reports: unknown;
}

function rowOf(row: Row): RunListRow {
  const counts = Object.fromEntries(
    Object.entries((row.counts ?? {}) as Record<string, unknown>).map(([kind, n]) => [kind, Number(n) || 0]),
  );
  const reports = Object.fromEntries(
    Object.entries((row.reports ?? {}) as Record<string, unknown>).map(([format, location]) => [format, String(location)]),
  );
  return {
    id: row.id,
    processor: row.processor_name,
    runDate: row.run_date,
    status: row.status,
    sandbox: row.sandbox,
    startTime: row.start_time,
    endTime: row.end_time,
    processorTransactionCount: row.processor_transaction_count,
    internalTransactionCount: row.internal_transaction_count,
    matchedCount: row.matched_count,
    discrepancies: discrepancyCountOf(row.counts),
    counts,
    atStake: atStakeOfTotals(row.totals),
    figures: figuresOf(row.totals),
    errorMessage: row.error_message,
    reports,
  };
}

const ORDER = "ORDER BY run_date DESC, processor_name";

/** One page (1-based) of the runs matching the filter, with how many match in all. */
export async function listRunsPage(db: Db, filter: RunsFilter, page: number, pageSize = 50): Promise<RunsPage> {
  const where = whereOf(filter);
  const offset = (page - 1) * pageSize;
  const [rows, count] = await Promise.all([
    db.pool.query<Row>(`SELECT ${COLUMNS} FROM reconciliation_runs ${where.sql} ${ORDER} LIMIT ${pageSize} OFFSET ${offset}`, where.params),
    db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM reconciliation_runs ${where.sql}`, where.params),
  ]);
  return { rows: rows.rows.map(rowOf), total: count.rows[0]!.n, page, pageSize };
}

/** Every run matching the filter (the CSV export): a few per processor and day, so read at once. */
export async function listAllRuns(db: Db, filter: RunsFilter): Promise<RunListRow[]> {
  const where = whereOf(filter);
  const { rows } = await db.pool.query<Row>(`SELECT ${COLUMNS} FROM reconciliation_runs ${where.sql} ${ORDER}`, where.params);
  return rows.map(rowOf);
}

/** A run as the run page shows it, or null. */
export async function loadRunSummary(db: Db, runId: string): Promise<RunListRow | null> {
  const { rows } = await db.pool.query<Row>(`SELECT ${COLUMNS} FROM reconciliation_runs WHERE id = $1`, [runId]);
  return rows[0] ? rowOf(rows[0]) : null;
}
