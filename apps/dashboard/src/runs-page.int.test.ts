// The /runs page says which runs reconciled generated data (the built-in sandbox emulators).
import { claimDatabaseMode, createDb, startRun, type Db } from "@recon/db";
import { createTestDatabase, type TestDatabase } from "@recon/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderRunsPage } from "./runs-page";

const databases: TestDatabase[] = [];
const handles: Db[] = [];

async function databaseOfMode(sandbox: boolean): Promise<Db> {
  const database = await createTestDatabase({ name: sandbox ? "runs_page_sandbox" : "runs_page_real" });
  databases.push(database);
  const db = createDb(database.url, { max: 2 });
  handles.push(db);
  await claimDatabaseMode(db.pool, { sandbox, claimedBy: "test", databaseUrl: database.url });
  await startRun(db, { processor: "stripe", runDate: "2025-10-09", createdBy: "test" });
  return db;
}

let sandboxDb: Db;
let realDb: Db;

beforeAll(async () => {
  [sandboxDb, realDb] = await Promise.all([databaseOfMode(true), databaseOfMode(false)]);
});

afterAll(async () => {
  for (const db of handles) await db.close();
  for (const database of databases) await database.drop();
});

describe("the runs page", () => {
  it("marks a sandbox run SANDBOX, under a banner saying its data was generated", async () => {
    const page = await renderRunsPage(sandboxDb);
    expect(page).toContain('<p id="sandbox" role="alert">SANDBOX: runs marked SANDBOX reconciled generated data from the built-in emulators, not real money.</p>');
    expect(page).toMatch(/<td>stripe<\/td>\s*<td class="sandbox" title="stripe and the ledger ran on the built-in emulators">SANDBOX<\/td>/);
  });

  it("shows a real run as real, with no banner", async () => {
    const page = await renderRunsPage(realDb);
    expect(page).not.toContain("SANDBOX");
    expect(page).toMatch(/<td>stripe<\/td>\s*<td>real<\/td>/);
  });
});
