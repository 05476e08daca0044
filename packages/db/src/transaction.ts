import type pg from "pg";

/** What our SQL helpers run on: a pool, or a client inside a transaction. */
export type Queryable = Pick<pg.ClientBase, "query">;

export interface TransactionOptions {
  /** "repeatable read": every statement sees one snapshot. Default: the server's (read committed). */
  isolation?: "repeatable read";
}

/**
 * Runs `fn` inside BEGIN/COMMIT on one dedicated pool client; rolls back and rethrows on error.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(options.isolation === "repeatable read" ? "BEGIN ISOLATION LEVEL REPEATABLE READ" : "BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    try {
      await client.query("ROLLBACK");
    } catch (rollbackError) {
      // A connection that cannot roll back must not go back to the pool.
      broken = rollbackError as Error;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}
