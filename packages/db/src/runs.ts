// The run store: one row per (processor, run date), replaced in place by re-runs. Every change
// commits together with its audit entry and, for completion/failure, its outbox event.
import { randomUUID } from "node:crypto";
import {
  DISCREPANCY_KINDS,
  emptyKindCounts,
  formatMajorFixed,
  type CurrencyTotals,
  type KindCounts,
  type MissingTransactionRow,
  parseRunDate,
  primaryTotals,
  type Discrepancy,
  type Processor,
  type ProcessorTransaction,
  type RunFigures,
} from "@recon/domain";
import { appendAudit } from "./audit-log";
import { syncBreaks } from "./breaks";
import { chunks } from "./chunk";
import type { Db } from "./client";
import { DATABASE_IS_SANDBOX_SQL } from "./database-mode";
import type { ReconciliationRun } from "./generated/client";
import { toJson } from "./json";
import { insertOutboxEvent, type OutboxEventInput } from "./outbox";
import { withTransaction, type Queryable } from "./transaction";
import { copyLines, DISCREPANCY_COPY_COLUMNS, discrepancyCopyLine } from "./copy-encoding";

const RUN = "reconciliation_run";

export interface StartRunInput {
  processor: Processor;
  /** YYYY-MM-DD */
  runDate: string;
  /** Who asked: "scheduler", "cli:alice", "slack:U123". */
  createdBy: string;
}

/**
 * Marks the (processor, run date) run as running and returns its id. A re-run reuses the row
 * and its id; its previous results stay until completeRun replaces them, so a re-run that fails
 * never leaves users with nothing.
 */
export async function startRun(db: Db, input: StartRunInput): Promise<string> {
  const runDate = parseRunDate(input.runDate);
  return withTransaction(db.pool, async (tx) => {
    // created_by keeps the original creator; who started each re-run is in the audit log.
    // `sandbox` is the database's mode: every run's output and reports say where its data came from.
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO reconciliation_runs (id, run_date, processor_name, status, start_time, created_by, sandbox)
       VALUES ($1, $2::date, $3, 'running', now(), $4, ${DATABASE_IS_SANDBOX_SQL})
       ON CONFLICT (processor_name, run_date) DO UPDATE SET
         status = 'running', start_time = now(), end_time = NULL, error_message = NULL, sandbox = EXCLUDED.sandbox, updated_at = now()
       RETURNING id`,
      [randomUUID(), runDate, input.processor, input.createdBy],
    );
    const id = rows[0]!.id;
    await appendAudit(tx, {
      action: "run.started",
      entityType: RUN,
      entityId: id,
      actor: input.createdBy,
      details: { processor: input.processor, runDate },
    });
    return id;
  });
}

export interface CompleteRunInput {
  runId: string;
  processor: Processor;
  /** YYYY-MM-DD; must match the run row (guards against writing results to the wrong run). */
  runDate: string;
  figures: RunFigures;
  discrepancies: readonly Discrepancy[];
  /** The processor records behind the missing_in_internal discrepancies (legacy table). */
  missing: readonly ProcessorTransaction[];
  rejectedCount: number;
  event: OutboxEventInput;
  /**
   * When given, the breaks store is brought up to date in the same transaction (open breaks
   * refreshed, counterparts found resolve other days' breaks). Omitted: breaks are untouched.
   */
  breaks?: { pairedProcessorIds: readonly string[]; pairedInternalIds: readonly string[] };
  /**
   * The reconcile plan the results came from. The discrepancies and paired ids its partitions
   * staged (savePartitionOutcomes) join `discrepancies` and `breaks`, and the plan is deleted
   * with the commit, so it is used once. A plan that no longer exists is an error.
   */
  planId?: string;
}

const MOVE_STAGED_DISCREPANCIES = `
INSERT INTO discrepancies (run_id, kind, processor_external_id, internal_external_id, currency,
                           processor_amount_minor, internal_amount_minor, amount_at_risk_minor, reason)
SELECT $1::uuid, d.kind, d.processor_external_id, d.internal_external_id, d.currency,
       d.processor_amount_minor, d.internal_amount_minor, d.amount_at_risk_minor, d.reason
  FROM reconcile_staged_discrepancies s
 CROSS JOIN LATERAL unnest(s.kinds, s.processor_external_ids, s.internal_external_ids, s.currencies,
                           s.processor_amounts_minor, s.internal_amounts_minor, s.amounts_at_risk_minor, s.reasons)
       WITH ORDINALITY AS d(kind, processor_external_id, internal_external_id, currency,
                            processor_amount_minor, internal_amount_minor, amount_at_risk_minor, reason, seq)
 WHERE s.plan_id = $2
 ORDER BY s.partition, d.seq`;

const INSERT_MISSING = `
INSERT INTO missing_transactions (run_id, transaction_id, processor_name, amount_minor, currency, status,
                                  merchant_id, transaction_date, reference_number, fee_minor, metadata)
SELECT $1::uuid, i.*
  FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::timestamptz[],
              $9::text[], $10::bigint[], $11::jsonb[])
       AS i(transaction_id, processor_name, amount_minor, currency, status, merchant_id, transaction_date,
            reference_number, fee_minor, metadata)`;

/** Per-currency totals with bigint written as strings, the shape of the `totals` column. */
function totalsJson(figures: RunFigures): Record<string, Record<string, string>> {
  return Object.fromEntries(
    Object.entries(figures.totalsByCurrency).map(([currency, totals]) => [
      currency,
      {
        missingMinor: totals.missingMinor.toString(),
        volumeMinor: totals.volumeMinor.toString(),
        atRiskMinor: totals.atRiskMinor.toString(),
        feesAtRiskMinor: totals.feesAtRiskMinor.toString(),
      },
    ]),
  );
}

/**
 * Records a run's results in ONE transaction: replaces its discrepancies and missing
 * transactions, updates the run row and its legacy summary columns, writes the outbox event and
 * the audit entry. Calling it again for the same run replaces the results; nothing duplicates.
 */
export async function completeRun(db: Db, input: CompleteRunInput): Promise<void> {
  const runDate = parseRunDate(input.runDate);
  const { figures } = input;
  const primary = primaryTotals(figures);
  await withTransaction(db.pool, async (tx) => {
    const updated = await tx.query(
      `UPDATE reconciliation_runs SET
         status = 'completed', end_time = now(), error_message = NULL,
         processor_transaction_count = $4, internal_transaction_count = $5, missing_transaction_count = $6,
         total_discrepancy_amount = $7::numeric, total_volume_processed = $8::numeric, primary_currency = $9,
         matched_count = $10, rejected_count = $11, counts = $12::jsonb, totals = $13::jsonb, updated_at = now()
       WHERE id = $1 AND processor_name = $2 AND run_date = $3::date`,
      [
        input.runId,
        input.processor,
        runDate,
        figures.processorTransactionCount,
        figures.internalTransactionCount,
        input.missing.length,
        formatMajorFixed(primary.missingMinor, figures.primaryCurrency, 2),
        formatMajorFixed(primary.volumeMinor, figures.primaryCurrency, 2),
        figures.primaryCurrency,
        figures.matchedCount,
        input.rejectedCount,
        toJson(figures.counts),
        toJson(totalsJson(figures)),
      ],
    );
    if (updated.rowCount !== 1) {
      throw new Error(
        `run ${input.runId} (${input.processor} ${runDate}) not found: start it with startRun first`,
      );
    }
    if (input.planId !== undefined) {
      // Locked until the commit deletes it: no partition job can restage underneath this move.
      const plan = await tx.query("SELECT 1 FROM reconcile_plans WHERE id = $1 FOR UPDATE", [input.planId]);
      if (plan.rowCount !== 1)
        throw new Error(`reconcile plan ${input.planId} no longer exists: the run must be planned again`);
    }
    await tx.query("DELETE FROM discrepancies WHERE run_id = $1", [input.runId]);
    await tx.query("DELETE FROM missing_transactions WHERE run_id = $1", [input.runId]);
    if (input.planId !== undefined) await tx.query(MOVE_STAGED_DISCREPANCIES, [input.runId, input.planId]);
    // COPY rather than INSERT … unnest(arrays): at 10M per side pg's array encoding of the
    // settle's 105,000 discrepancies took 2.3 s of client CPU before Postgres saw a row.
    await copyLines(tx, `COPY discrepancies (${DISCREPANCY_COPY_COLUMNS}) FROM STDIN`, input.discrepancies, (d) =>
      discrepancyCopyLine(input.runId, d),
    );
    await checkStoredCounts(tx, input.runId, figures.counts);
    for (const chunk of chunks(input.missing)) {
      await tx.query(INSERT_MISSING, [
        input.runId,
        chunk.map((t) => t.externalId),
        chunk.map((t) => t.processor),
        chunk.map((t) => t.grossMinor.toString()),
        chunk.map((t) => t.currency),
        chunk.map((t) => t.status),
        chunk.map((t) => t.merchantId),
        chunk.map((t) => t.occurredAt.toISOString()),
        chunk.map((t) => t.reference),
        chunk.map((t) => t.feeMinor.toString()),
        chunk.map((t) => toJson({ type: t.type, rawStatus: t.rawStatus, relatedIds: t.relatedIds })),
      ]);
    }
    if (input.breaks) {
      await syncBreaks(tx, {
        runId: input.runId,
        processor: input.processor,
        runDate,
        stagedPlanId: input.planId,
        pairedProcessorIds: input.breaks.pairedProcessorIds,
        pairedInternalIds: input.breaks.pairedInternalIds,
      });
    }
    // Locked above (FOR UPDATE), so this waits for no one though syncBreaks has begun the audit entries.
    if (input.planId !== undefined)
      await tx.query("DELETE FROM reconcile_plans WHERE id = $1", [input.planId]);
    await insertOutboxEvent(tx, input.event);
    await appendAudit(tx, {
      action: "run.completed",
      entityType: RUN,
      entityId: input.runId,
      details: {
        processor: input.processor,
        runDate,
        counts: figures.counts,
        // The figures as written, so the run row can be checked against its audit trail.
        primaryCurrency: figures.primaryCurrency,
        totals: totalsJson(figures),
        missing: input.missing.length,
        rejected: input.rejectedCount,
        eventId: input.event.id,
      },
    });
  });
}

/**
 * The stored discrepancies must be the ones the figures count, kind by kind: with partitions
 * staging their own outcomes, the rows and the tallies travel separately, and a mismatch (a
 * partition stored twice, or not at all) must fail the run rather than publish wrong figures.
 */
async function checkStoredCounts(tx: Queryable, runId: string, counts: KindCounts): Promise<void> {
  const { rows } = await tx.query<{ kind: string; n: number }>(
    "SELECT kind, count(*)::int AS n FROM discrepancies WHERE run_id = $1 GROUP BY kind",
    [runId],
  );
  const stored = new Map(rows.map((r) => [r.kind, r.n]));
  for (const kind of DISCREPANCY_KINDS) {
    const n = stored.get(kind) ?? 0;
    if (n !== counts[kind]) {
      throw new Error(
        `run ${runId}: ${n} ${kind} discrepancies stored but the figures count ${counts[kind]}; nothing was written`,
      );
    }
  }
}

export type { ReconciliationRun };
/** A stored run as the apps read it. */
export type RunRow = ReconciliationRun;

/** The engine's figures of a stored run, rebuilt from its columns (bigint totals were stored as strings). */
export function runFiguresOf(run: RunRow): RunFigures {
  const storedCounts = (run.counts ?? {}) as Partial<KindCounts>;
  const counts = emptyKindCounts();
  for (const kind of DISCREPANCY_KINDS) counts[kind] = Number(storedCounts[kind] ?? 0);
  const storedTotals = (run.totals ?? {}) as Record<string, Record<keyof CurrencyTotals, string>>;
  const totalsByCurrency = Object.fromEntries(
    Object.entries(storedTotals).map(([currency, totals]) => [
      currency,
      {
        missingMinor: BigInt(totals.missingMinor ?? "0"),
        volumeMinor: BigInt(totals.volumeMinor ?? "0"),
        atRiskMinor: BigInt(totals.atRiskMinor ?? "0"),
        feesAtRiskMinor: BigInt(totals.feesAtRiskMinor ?? "0"),
      } satisfies CurrencyTotals,
    ]),
  );
  return {
    processorTransactionCount: run.processorTransactionCount,
    internalTransactionCount: run.internalTransactionCount,
    matchedCount: run.matchedCount,
    counts,
    primaryCurrency: run.primaryCurrency ?? "USD",
    totalsByCurrency,
  };
}

export async function getRun(db: Db, runId: string): Promise<ReconciliationRun | null> {
  return db.prisma.reconciliationRun.findUnique({ where: { id: runId } });
}

export interface ListRunsFilter {
  /** YYYY-MM-DD */
  runDate?: string;
  processor?: Processor;
}

/** Runs matching the filter, newest run date first, then by processor name. */
export async function listRuns(db: Db, filter: ListRunsFilter = {}): Promise<ReconciliationRun[]> {
  return db.prisma.reconciliationRun.findMany({
    where: {
      ...(filter.runDate === undefined
        ? {}
        : { runDate: new Date(`${parseRunDate(filter.runDate)}T00:00:00.000Z`) }),
      ...(filter.processor === undefined ? {} : { processorName: filter.processor }),
    },
    orderBy: [{ runDate: "desc" }, { processorName: "asc" }],
  });
}

/** A row of the legacy missing_transactions table. */
export type { MissingTransactionRow };

/** The run's missing transactions, in transaction date order (for the legacy CSV/JSON reports). */
export async function loadMissingTransactions(db: Db, runId: string): Promise<MissingTransactionRow[]> {
  const { rows } = await db.pool.query<{
    transaction_id: string;
    processor_name: string;
    amount_minor: string;
    currency: string;
    status: string;
    merchant_id: string | null;
    transaction_date: Date;
    reference_number: string | null;
    fee_minor: string;
  }>(
    `SELECT transaction_id, processor_name, amount_minor, currency, status, merchant_id, transaction_date,
            reference_number, fee_minor
       FROM missing_transactions WHERE run_id = $1 ORDER BY transaction_date, id`,
    [runId],
  );
  return rows.map((row) => ({
    transactionId: row.transaction_id,
    processorName: row.processor_name,
    amountMinor: BigInt(row.amount_minor),
    currency: row.currency,
    status: row.status,
    merchantId: row.merchant_id,
    transactionDate: row.transaction_date,
    referenceNumber: row.reference_number,
    feeMinor: BigInt(row.fee_minor),
  }));
}

/**
 * Records where the run's reports went ({csv: path-or-url, json: ...}) and, when uploaded to S3,
 * the key; with an audit entry 'report.uploaded'. Replaces the previous report locations.
 */
export async function setRunReports(
  db: Db,
  runId: string,
  reports: Record<string, string>,
  s3Key?: string,
): Promise<void> {
  await withTransaction(db.pool, async (tx) => {
    const updated = await tx.query(
      `UPDATE reconciliation_runs SET reports = $2::jsonb, report_s3_key = COALESCE($3, report_s3_key), updated_at = now()
        WHERE id = $1`,
      [runId, toJson(reports), s3Key ?? null],
    );
    if (updated.rowCount !== 1) throw new Error(`run ${runId} not found`);
    await appendAudit(tx, {
      action: "report.uploaded",
      entityType: RUN,
      entityId: runId,
      details: { reports, s3Key: s3Key ?? null },
    });
  });
}

/** A stored discrepancy of any kind, as the reports list it. */
export interface DiscrepancyRow {
  kind: string;
  processorExternalId: string | null;
  internalExternalId: string | null;
  currency: string;
  processorAmountMinor: bigint | null;
  internalAmountMinor: bigint | null;
  amountAtRiskMinor: bigint;
  reason: string;
}

/** A discrepancies row as Postgres returns it (money as text, so no digit is lost on the way). */
export interface DiscrepancyDbRow {
  kind: string;
  processor_external_id: string | null;
  internal_external_id: string | null;
  currency: string;
  processor_amount_minor: string | null;
  internal_amount_minor: string | null;
  amount_at_risk_minor: string;
  reason: string;
}

/** The columns DiscrepancyDbRow reads. */
export const DISCREPANCY_COLUMNS = `kind, processor_external_id, internal_external_id, currency, processor_amount_minor::text,
  internal_amount_minor::text, amount_at_risk_minor::text, reason`;

export function discrepancyRowOf(row: DiscrepancyDbRow): DiscrepancyRow {
  return {
    kind: row.kind,
    processorExternalId: row.processor_external_id,
    internalExternalId: row.internal_external_id,
    currency: row.currency.trim(),
    processorAmountMinor: row.processor_amount_minor === null ? null : BigInt(row.processor_amount_minor),
    internalAmountMinor: row.internal_amount_minor === null ? null : BigInt(row.internal_amount_minor),
    amountAtRiskMinor: BigInt(row.amount_at_risk_minor),
    reason: row.reason,
  };
}

/** Every discrepancy of the run, biggest money at stake first (then kind, then ids, for a stable order). */
export async function loadDiscrepancies(db: Db, runId: string): Promise<DiscrepancyRow[]> {
  const { rows } = await db.pool.query<DiscrepancyDbRow>(
    `SELECT ${DISCREPANCY_COLUMNS}
       FROM discrepancies WHERE run_id = $1
      -- Content before insertion order, so the listing does not depend on how the run was split.
      ORDER BY amount_at_risk_minor DESC, kind, processor_external_id NULLS FIRST, internal_external_id NULLS FIRST, id`,
    [runId],
  );
  return rows.map(discrepancyRowOf);
}
