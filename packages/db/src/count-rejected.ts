import { parseRunDate, type Source } from "@recon/domain";
import type { Db } from "./client";

/** How many records of `source` were rejected for the run date (YYYY-MM-DD). */
export async function countRejected(db: Db, source: Source, runDate: string): Promise<number> {
  const { rows } = await db.pool.query<{ n: string }>(
    "SELECT count(*) AS n FROM rejected_records WHERE source = $1 AND run_date = $2::date",
    [source, parseRunDate(runDate)],
  );
  return Number(rows[0]?.n ?? 0);
}
