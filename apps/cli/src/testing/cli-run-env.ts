import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { blankSourceSettings } from "@recon/sources";
import { createTestDatabase, testRedisUrl, uniquePrefix, type TestDatabase } from "@recon/testing";

/** What a `recon run` test process gets: its own database, queue prefix and reports folder. */
export interface CliRunEnv {
  env: NodeJS.ProcessEnv;
  database: TestDatabase;
  reportsDir: string;
  /** Drops the database and removes the reports folder. */
  close(): Promise<void>;
}

/**
 * The environment of a CLI process under test, on top of the test's own (`inherited`, its
 * process.env): no source credentials (so only --sandbox or a test's own settings can fetch),
 * warnings and errors only in the logs.
 */
export async function openCliRunEnv(queuePrefix: string, inherited: NodeJS.ProcessEnv): Promise<CliRunEnv> {
  const database = await createTestDatabase();
  const reportsDir = await mkdtemp(join(tmpdir(), "recon-reports-"));
  return {
    database,
    reportsDir,
    env: {
      ...inherited,
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: uniquePrefix(queuePrefix),
      REPORTS_DIR: reportsDir,
      ...blankSourceSettings(),
      LOG_LEVEL: "warn",
    },
    close: async () => {
      await database.drop();
      await rm(reportsDir, { recursive: true, force: true });
    },
  };
}
