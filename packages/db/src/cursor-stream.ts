import type pg from "pg";

/** Rows fetched per round trip by the streaming readers. */
export const STREAM_BATCH_SIZE = 5_000;

/**
 * Streams a query's rows through a server-side cursor (DECLARE ... CURSOR inside a read-only
 * transaction on a dedicated pool client), FETCHing `batchSize` rows at a time so memory stays
 * flat however many rows match. Stopping early (break) closes the cursor and frees the client.
 */
export async function* streamQuery<Row extends pg.QueryResultRow, T>(
  pool: pg.Pool,
  sql: string,
  params: unknown[],
  map: (row: Row) => T,
  batchSize: number = STREAM_BATCH_SIZE,
): AsyncGenerator<T> {
  const client = await pool.connect();
  let finished = false;
  let broken: Error | undefined;
  try {
    await client.query("BEGIN READ ONLY");
    await client.query(`DECLARE recon_stream NO SCROLL CURSOR FOR ${sql}`, params);
    for (;;) {
      const batch = await client.query<Row>(`FETCH FORWARD ${batchSize} FROM recon_stream`);
      for (const row of batch.rows) yield map(row);
      if (batch.rows.length < batchSize) break;
    }
    await client.query("COMMIT");
    finished = true;
  } finally {
    if (!finished) {
      try {
        await client.query("ROLLBACK");
      } catch (error) {
        broken = error as Error;
      }
    }
    client.release(broken);
  }
}
