import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
// @recon/testing depends on @recon/db, so the reverse import goes by path to avoid a package cycle.
import { createTestDatabase, type TestDatabase } from "../../testing/src";
import { checkSchemaDrift } from "./schema-drift";

describe("schema drift: prisma/migrations vs prisma/schema.prisma", () => {
  let db: TestDatabase;
  let client: pg.Client;
  beforeEach(async () => {
    db = await createTestDatabase({ name: "drift" });
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterEach(async () => {
    await client.end();
    await db.drop();
  });

  it("the migrated database matches schema.prisma exactly", async () => {
    expect(await checkSchemaDrift(client)).toEqual([]);
  });

  it("reports columns, types, nullability, indexes, tables and foreign keys that differ", async () => {
    await client.query(`
      ALTER TABLE processor_transactions ADD COLUMN surprise text;
      ALTER TABLE internal_transactions ALTER COLUMN fee_minor TYPE integer;
      ALTER TABLE audit_logs ALTER COLUMN actor DROP NOT NULL;
      ALTER TABLE missing_transactions DROP COLUMN metadata;
      DROP INDEX outbox_events_published_at_idx;
      CREATE INDEX rogue_idx ON discrepancies (reason);
      ALTER TABLE discrepancies DROP CONSTRAINT discrepancies_run_id_fkey;
      CREATE TABLE stray (id int);
    `);
    const drift = (await checkSchemaDrift(client)).join("\n");
    expect(drift).toMatch(/processor_transactions: column surprise .* not in schema\.prisma/);
    expect(drift).toMatch(/internal_transactions: column fee_minor is integer NULL in the database, schema\.prisma says bigint NULL/);
    expect(drift).toMatch(/audit_logs: column actor is text NULL .* says text NOT NULL/);
    expect(drift).toMatch(/missing_transactions: column metadata .* missing from the database/);
    expect(drift).toMatch(/outbox_events: index outbox_events_published_at_idx .* missing/);
    expect(drift).toMatch(/discrepancies: index rogue_idx .* not in schema\.prisma/);
    expect(drift).toMatch(/discrepancies: foreign key discrepancies_run_id_fkey .* missing/);
    expect(drift).toMatch(/table stray is in the database but not in schema\.prisma/);
  });
});
