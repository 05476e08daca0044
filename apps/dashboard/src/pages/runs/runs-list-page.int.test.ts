// The /runs page says which runs reconciled generated data (the built-in sandbox emulators).
import { claimDatabaseMode, createDb, listRunsPage, startRun, type Db } from "@recon/db";
import { createTestDatabase, type TestDatabase } from "@recon/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../../auth/roles";
import { renderRunsListPage, SANDBOX_BANNER } from "./runs-list-page";

const databases: TestDatabase[] = [];
const handles: Db[] = [];
const viewer: Viewer = { actor: "web:test", name: "test", role: "viewer", csrfToken: "" };

async function databaseOfMode(sandbox: boolean): Promise<Db> {
  const database = await createTestDatabase({ name: sandbox ? "runs_page_sandbox" : "runs_page_real" });
  databases.push(database);
  const db = createDb(database.url, { max: 2 });
  handles.push(db);
  await claimDatabaseMode(db.pool, { sandbox, claimedBy: "test", databaseUrl: database.url });
  await startRun(db, { processor: "stripe", runDate: "2025-10-09", createdBy: "test" });
  return db;
}

async function page(db: Db): Promise<string> {
  return renderRunsListPage(viewer, {}, await listRunsPage(db, {}, 1));
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
    const html = await page(sandboxDb);
    expect(html).toContain(`<p id="sandbox" class="banner sandbox" role="alert">${SANDBOX_BANNER}</p>`);
    expect(SANDBOX_BANNER).toBe("SANDBOX: runs marked SANDBOX reconciled generated data from the built-in emulators, not real money.");
    expect(html).toMatch(/<td>stripe<\/td>\s*<td class="sandbox" title="stripe and the ledger ran on the built-in emulators">SANDBOX<\/td>/);
  });

  it("shows a real run as real, with no banner", async () => {
    const html = await page(realDb);
    expect(html).not.toContain("SANDBOX");
    expect(html).toMatch(/<td>stripe<\/td>\s*<td>real<\/td>/);
  });
});
