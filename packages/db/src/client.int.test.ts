import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @recon/testing depends on @recon/db, so the reverse import goes by path to avoid a package cycle.
import { createTestDatabase, type TestDatabase } from "../../testing/src";
import { createDb, DEFAULT_TEMP_BUFFERS_MB } from "./client";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase({ name: "client", migrate: false });
});
afterAll(() => testDb.drop());

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
  it("gives every connection room for its temp tables, by default and as configured", async () => {
    expect((await settingsOf(createDb(testDb.url))).temp_buffers).toBe(`${DEFAULT_TEMP_BUFFERS_MB}MB`);
    expect((await settingsOf(createDb(testDb.url, { tempBuffersMb: 64 }))).temp_buffers).toBe("64MB");
  });

  it("keeps the settings of the URL's options and of the pool's options alongside", async () => {
    const url = new URL(testDb.url);
    url.searchParams.set("options", "-c statement_timeout=12345");
    const settings = await settingsOf(createDb(url.toString(), { tempBuffersMb: 32, pool: { options: "-c work_mem=12MB" } }));
    expect(settings).toEqual({ temp_buffers: "32MB", work_mem: "12MB", statement_timeout: "12345ms" });
  });

  it("refuses a temp_buffers size that is not a positive whole number of MB", () => {
    expect(() => createDb(testDb.url, { tempBuffersMb: 0 })).toThrow("tempBuffersMb must be a positive integer, got 0");
  });
});
