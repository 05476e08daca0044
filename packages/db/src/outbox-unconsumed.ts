import type { Db } from "./client";
import type { OutboxEvent } from "./outbox";

export interface UnconsumedEventsQuery {
  /** Each event type and the processed_events consumers that must each record its events. */
  consumers: Record<string, readonly string[]>;
  /** Only events published before this (their consumers had time to run). */
  publishedBefore: Date;
  /** Only events written after this: bounds the scan (older ones are an operator's matter). */
  createdAfter: Date;
  /** Most events returned per (type, consumer). */
  limit?: number;
}

/** A published event and the consumers that never recorded it. */
export interface UnconsumedEvent extends OutboxEvent {
  missing: string[];
}

/**
 * Published events some consumer never recorded (no processed_events marker), e.g. because the
 * queue job carrying it vanished with a Redis that lost its data. Oldest first.
 */
export async function findUnconsumedEvents(db: Db, query: UnconsumedEventsQuery): Promise<UnconsumedEvent[]> {
  const found = new Map<string, UnconsumedEvent>();
  for (const [type, consumers] of Object.entries(query.consumers)) {
    for (const consumer of consumers) {
      const { rows } = await db.pool.query<{ id: string; type: string; payload: unknown; created_at: Date }>(
        `SELECT e.id, e.type, e.payload, e.created_at FROM outbox_events e
          WHERE e.type = $1 AND e.published_at < $2 AND e.created_at > $3
            AND NOT EXISTS (SELECT 1 FROM processed_events p WHERE p.consumer = $4 AND p.event_id = e.id)
          ORDER BY e.seq LIMIT $5`,
        [type, query.publishedBefore, query.createdAfter, consumer, query.limit ?? 100],
      );
      for (const row of rows) {
        const event = found.get(row.id) ?? { id: row.id, type: row.type, payload: row.payload, createdAt: row.created_at, missing: [] };
        event.missing.push(consumer);
        found.set(row.id, event);
      }
    }
  }
  return [...found.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}
