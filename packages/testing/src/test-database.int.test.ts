import { createDb, databaseNameOf, withDatabase } from "@recon/db";
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "./test-database";

async function databaseExists(url: string): Promise<boolean> {
  const admin = createDb(withDatabase(url, "postgres"), { max: 1 });
  try {
    const found = await admin.pool.query("SELECT 1 FROM pg_database WHERE datname = $1", [databaseNameOf(url)]);
    return (found.rowCount ?? 0) > 0;
  } finally {
    await admin.close();
  }
}

describe("createTestDatabase", () => {
  it("creates a migrated database of its own and drops it", async () => {
    const db = await createTestDatabase({ name: "fixture" });
    const other = await createTestDatabase({ name: "fixture" });
    try {
      expect(db.url).not.toBe(other.url);
      const handle = createDb(db.url, { max: 1 });
      try {
        const { rows } = await handle.pool.query<{ n: string }>("SELECT count(*) AS n FROM reconciliation_runs");
        expect(rows[0]!.n).toBe("0");
      } finally {
        await handle.close();
      }
    } finally {
      await db.drop();
      await other.drop();
    }
    expect(await databaseExists(db.url)).toBe(false);
  });
});
