// The one way to fail a run: whoever sees it fail (the reconcile job's last attempt, a fetch slice
// that gave up, the watchdog finding a flow no handler will end) records it here.
import { randomUUID } from "node:crypto";
import { parseRunDate, type Processor } from "@recon/domain";
import { appendAudit } from "./audit-log";
import type { Db } from "./client";
import { DATABASE_IS_SANDBOX_SQL } from "./database-mode";
import { insertOutboxEvent, type OutboxEventInput } from "./outbox";
import { withTransaction } from "./transaction";

export interface FailRunInput {
  processor: Processor;
  /** YYYY-MM-DD */
  runDate: string;
  /** Why it failed, shown to operators and in the alert. Required and non-blank. */
  error: string;
  /**
   * The run.failed event's id, derived from the failed flow (runEventId(headJobId, "failed")),
   * so every observer of the same failure names the same event and it is announced once.
   */
  eventId: string;
  /** Who recorded it: "reconcile-worker", "fetch-worker", "watchdog". */
  actor: string;
}

export interface FailedRun {
  runId: string;
  /** False when this failure was already recorded and the run has not started again since. */
  recorded: boolean;
  event: OutboxEventInput;
}

/**
 * Marks the (processor, date) run failed with its reason, writes its run.failed outbox event and
 * an audit entry, in ONE transaction; creates the run row when none exists yet (a fetch slice can
 * fail before the reconcile job ever started the run).
 *
 * Once per failure: when the event already exists and the run is no longer running, nothing
 * changes (recorded = false). When the run was started again since (a retry from Bull Board that
 * failed again), the row is failed again, but the event, already there, is not announced twice.
 * The row lock serialises concurrent observers of the same failure.
 */
export async function failRunOnce(db: Db, input: FailRunInput): Promise<FailedRun> {
  if (input.error.trim() === "") throw new Error("failRunOnce: error is required (operators need to know why the run failed)");
  const runDate = parseRunDate(input.runDate);
  return withTransaction(db.pool, async (tx) => {
    // A missing row is created failed (the CHECK constraint wants the reason with the status).
    await tx.query(
      `INSERT INTO reconciliation_runs (id, run_date, processor_name, status, start_time, end_time, error_message, created_by, sandbox)
       VALUES ($1, $2::date, $3, 'failed', now(), now(), $4, $5, ${DATABASE_IS_SANDBOX_SQL})
       ON CONFLICT (processor_name, run_date) DO NOTHING`,
      [randomUUID(), runDate, input.processor, input.error, input.actor],
    );
    const { rows } = await tx.query<{ id: string; status: string }>(
      "SELECT id, status FROM reconciliation_runs WHERE processor_name = $1 AND run_date = $2::date FOR UPDATE",
      [input.processor, runDate],
    );
    const run = rows[0]!;
    const event = { id: input.eventId, type: "run.failed", payload: { runId: run.id, processor: input.processor, runDate } };
    const existing = await tx.query("SELECT 1 FROM outbox_events WHERE id = $1", [input.eventId]);
    if ((existing.rowCount ?? 0) > 0 && run.status !== "running") return { runId: run.id, recorded: false, event };
    await tx.query(
      `UPDATE reconciliation_runs SET status = 'failed', error_message = $2, end_time = now(), updated_at = now()
        WHERE id = $1`,
      [run.id, input.error],
    );
    await insertOutboxEvent(tx, event);
    await appendAudit(tx, {
      action: "run.failed",
      entityType: "reconciliation_run",
      entityId: run.id,
      actor: input.actor,
      details: { error: input.error, eventId: input.eventId },
    });
    return { runId: run.id, recorded: true, event };
  });
}

/** The (processor, date) runs still `running` that started before `startedBefore`. */
export async function listRunsRunningSince(
  db: Db,
  startedBefore: Date,
): Promise<Array<{ id: string; processor: Processor; runDate: string; startTime: Date }>> {
  const { rows } = await db.pool.query<{ id: string; processor_name: Processor; run_date: string; start_time: Date }>(
    `SELECT id, processor_name, to_char(run_date, 'YYYY-MM-DD') AS run_date, start_time
       FROM reconciliation_runs WHERE status = 'running' AND start_time < $1 ORDER BY start_time`,
    [startedBefore],
  );
  return rows.map((row) => ({ id: row.id, processor: row.processor_name, runDate: row.run_date, startTime: row.start_time }));
}
