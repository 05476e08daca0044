import type pg from "pg";
import type { Db } from "./client";
import { toJson } from "./json";
import { withTransaction, type Queryable } from "./transaction";

/** An event to announce a change; written in the same transaction as the change. */
export interface OutboxEventInput {
  /** A UUID. Reuse the same id when retrying the same change: the second insert is a no-op. */
  id: string;
  /** Dotted name: run.completed, run.failed. */
  type: string;
  payload: unknown;
}

export interface OutboxEvent {
  id: string;
  type: string;
  payload: unknown;
  createdAt: Date;
}

/** Writes an outbox event inside the caller's transaction. Idempotent on event id. */
export async function insertOutboxEvent(tx: Queryable, event: OutboxEventInput): Promise<void> {
  await tx.query("INSERT INTO outbox_events (id, type, payload) VALUES ($1, $2, $3::jsonb) ON CONFLICT (id) DO NOTHING", [
    event.id,
    event.type,
    toJson(event.payload),
  ]);
}

/**
 * Locks up to `limit` unpublished events in the order they were written, skipping rows another relay holds.
 * Call it inside a transaction (`tx` from withTransaction): the locks last until that ends.
 */
export async function claimUnpublishedEvents(tx: pg.ClientBase, limit: number): Promise<OutboxEvent[]> {
  const { rows } = await tx.query<{ id: string; type: string; payload: unknown; created_at: Date }>(
    `SELECT id, type, payload, created_at FROM outbox_events
      WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows.map((row) => ({ id: row.id, type: row.type, payload: row.payload, createdAt: row.created_at }));
}

/**
 * Publishes up to `limit` pending events in order and marks each published.
 * Guarantee: at least once. An event is marked only after `publish` resolved; a crash between
 * the two publishes it again next time, so consumers deduplicate by event id (see runOnce).
 * Several relays can run at once: SKIP LOCKED hands each event to one of them.
 * When `publish` throws, the events published before it stay marked and the error is rethrown.
 * @returns how many events were published.
 */
export async function relayOutbox(db: Db, publish: (event: OutboxEvent) => Promise<void>, limit = 100): Promise<number> {
  let failure: unknown;
  const published = await withTransaction(db.pool, async (tx) => {
    const events = await claimUnpublishedEvents(tx, limit);
    const done: string[] = [];
    for (const event of events) {
      try {
        await publish(event);
      } catch (error) {
        failure = error;
        break;
      }
      done.push(event.id);
    }
    if (done.length > 0) {
      await tx.query("UPDATE outbox_events SET published_at = now() WHERE id = ANY($1::uuid[])", [done]);
    }
    return done.length;
  });
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error(`publish failed: ${JSON.stringify(failure)}`);
  return published;
}

/**
 * Runs `fn` for (consumer, eventId) unless it already succeeded once.
 *
 * How: one transaction inserts the processed_events marker, runs `fn(tx)`, and commits only if
 * `fn` resolves; if it throws, the marker rolls back and a redelivery runs `fn` again.
 * A concurrent delivery of the same event waits on the marker's row lock and then skips.
 *
 * The exact guarantee: database writes `fn` makes through `tx` happen exactly once with the
 * marker. Effects outside this database (S3, Slack, email) happen at least once: a crash after
 * they happened but before COMMIT repeats them, so make them idempotent (deterministic keys,
 * idempotency tokens). The transaction stays open while `fn` runs: keep `fn` short.
 *
 * @returns ran=false when the event had already been handled by this consumer.
 */
export async function runOnce<T>(
  db: Db,
  consumer: string,
  eventId: string,
  fn: (tx: pg.PoolClient) => Promise<T>,
): Promise<{ ran: true; result: T } | { ran: false }> {
  return withTransaction(db.pool, async (tx) => {
    const marker = await tx.query(
      "INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
      [consumer, eventId],
    );
    if (marker.rowCount === 0) return { ran: false } as const;
    return { ran: true, result: await fn(tx) } as const;
  });
}

/** Whether `consumer` has already handled the event (its runOnce committed). */
export async function isEventProcessed(db: Db, consumer: string, eventId: string): Promise<boolean> {
  const { rowCount } = await db.pool.query("SELECT 1 FROM processed_events WHERE consumer = $1 AND event_id = $2", [consumer, eventId]);
  return (rowCount ?? 0) > 0;
}

/** The consumers that have handled the event (their runOnce committed), e.g. report, notify.email. */
export async function consumersOfEvent(db: Db, eventId: string): Promise<string[]> {
  const { rows } = await db.pool.query<{ consumer: string }>(
    "SELECT consumer FROM processed_events WHERE event_id = $1 ORDER BY consumer",
    [eventId],
  );
  return rows.map((row) => row.consumer);
}

/** One outbox event by id (published or not), or null when the outbox holds none. */
export async function getOutboxEvent(db: Db, id: string): Promise<OutboxEvent | null> {
  const { rows } = await db.pool.query<{ id: string; type: string; payload: unknown; created_at: Date }>(
    "SELECT id, type, payload, created_at FROM outbox_events WHERE id = $1",
    [id],
  );
  const row = rows[0];
  return row ? { id: row.id, type: row.type, payload: row.payload, createdAt: row.created_at } : null;
}

/** Which of these event ids the outbox holds (published or not). */
export async function existingEventIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.pool.query<{ id: string }>("SELECT id FROM outbox_events WHERE id = ANY($1::uuid[])", [ids]);
  return new Set(rows.map((row) => row.id));
}
