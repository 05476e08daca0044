import { describe, expect } from "vitest";
// @recon/testing depends on @recon/db, so the reverse import goes by path to avoid a package cycle.
import { dbTest } from "../../testing/src";
import { createDb, DEFAULT_TEMP_BUFFERS_MB } from "./client";

async function settingsOf(db: ReturnType<typeof createDb>): Promise<{ temp_buffers: string; work_mem: string; statement_timeout: string }> {
  try {
    const { rows } = await db.pool.query<{ temp_buffers: string; work_mem: string; statement_timeout: string }>(
      "SELECT current_setting('temp_buffers') AS temp_buffers, current_setting('work_mem') AS work_mem, current_setting('statement_timeout') AS statement_timeout",
    );
    return rows[0]!;
  } finally {
    await db.close();
  }
}

describe("createDb session settings", () => {
  dbTest("gives every connection room for its temp tables, by default and as configured", async ({ database }) => {
    expect((await settingsOf(createDb(database.url))).temp_buffers).toBe(`${DEFAULT_TEMP_BUFFERS_MB}MB`);
    expect((await settingsOf(createDb(database.url, { tempBuffersMb: 64 }))).temp_buffers).toBe("64MB");
  });

  dbTest("keeps the settings of the URL's options and of the pool's options alongside", async ({ database }) => {
    const url = new URL(database.url);
    url.searchParams.set("options", "-c statement_timeout=12345");
    const settings = await settingsOf(createDb(url.toString(), { tempBuffersMb: 32, pool: { options: "-c work_mem=12MB" } }));
    expect(settings).toEqual({ temp_buffers: "32MB", work_mem: "12MB", statement_timeout: "12345ms" });
  });

  dbTest("refuses a temp_buffers size that is not a positive whole number of MB", ({ database }) => {
    expect(() => createDb(database.url, { tempBuffersMb: 0 })).toThrow("tempBuffersMb must be a positive integer, got 0");
  });
});
