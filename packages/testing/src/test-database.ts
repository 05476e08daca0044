import { createDatabaseIfMissing, dropDatabase, migrate, withDatabase } from "@recon/db";
import { testPostgresServerUrl } from "./postgres-server";
import { uniquePrefix } from "./unique-prefix";

export interface TestDatabase {
  /** URL of a fresh, fully migrated database that only this test uses. */
  url: string;
  /** Drops the database (disconnecting anything still connected). */
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** Readable part of the database name. Default: "recon_test". */
  name?: string;
  /** Apply the migrations. Default: true. */
  migrate?: boolean;
}

/** A uniquely named, migrated database on the test server (see testPostgresServerUrl). */
export async function createTestDatabase(opts: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const server = await testPostgresServerUrl();
  const url = withDatabase(server, uniquePrefix(opts.name ?? "recon_test"));
  await createDatabaseIfMissing(url);
  try {
    if (opts.migrate ?? true) await migrate(url);
  } catch (error) {
    await dropDatabase(url);
    throw error;
  }
  return { url, drop: () => dropDatabase(url) };
}
