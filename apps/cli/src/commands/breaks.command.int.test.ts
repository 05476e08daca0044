// `recon breaks list|resolve|reopen` as operators run it: the real CLI process on a real database.
import { userInfo } from "node:os";
import { createTestDatabase, type TestDatabase } from "@recon/testing";
import type pg from "pg";
import { queryDatabase, runRecon } from "../testing/cli-process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";


let database: TestDatabase;
let env: NodeJS.ProcessEnv;

const recon = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => runRecon(args, { ...env, ...extraEnv }, 120_000);

const query = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
  queryDatabase<T>(database.url, sql, params);

describe("recon breaks", () => {
  let breakId: string;
  beforeAll(async () => {
    database = await createTestDatabase({ name: "recon_cli_breaks" });
    env = { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: "warn" };
    // The actor comes from RECON_ACTOR or the OS user: start from neither being set here.
    delete env.RECON_ACTOR;
    const [row] = await query<{ id: string }>(
      `INSERT INTO breaks (processor, break_key, kind, internal_external_id, currency, amount_at_risk_minor, reason,
                           first_seen_run_date, first_seen_run_id, last_seen_run_date)
       VALUES ('stripe', 'missing_in_processor||led_1', 'missing_in_processor', 'led_1', 'KWD', 1234, 'no processor record',
               '2026-11-01', gen_random_uuid(), '2026-11-01') RETURNING id::text`,
    );
    breakId = row!.id;
  });
  afterAll(async () => {
    await database.drop();
  });

  it("lists open breaks with their age and amount in the currency's own exponent", async () => {
    const { code, stdout } = await recon(["breaks", "list", "--as-of", "2026-11-04"]);
    expect(code).toBe(0);
    expect(stdout).toContain(`#${breakId}`);
    expect(stdout).toContain("missing_in_processor");
    expect(stdout).toContain("1.234 KWD");
    expect(stdout).toContain("age 3d (since 2026-11-01)");
    const json = await recon(["breaks", "list", "--json", "--as-of", "2026-11-04"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ breaks: [{ id: breakId, ageDays: 3, amountAtRiskMinor: "1234" }] });
  });

  it("resolves and reopens with a note, writing an audit entry for each change", async () => {
    const missingNote = await recon(["breaks", "resolve", breakId]);
    expect(missingNote.code).not.toBe(0);
    const resolved = await recon(["breaks", "resolve", breakId, "--note", "booked manually, JE-77"], { RECON_ACTOR: "alice" });
    expect(resolved.code).toBe(0);
    expect(resolved.stdout).toContain("resolved (manual by cli:alice)");
    const again = await recon(["breaks", "resolve", breakId, "--note", "twice"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`break ${breakId} is already resolved`);
    expect((await recon(["breaks", "list"])).stdout).toBe("no breaks\n");
    const reopened = await recon(["breaks", "reopen", breakId, "--note", "JE-77 reversed"], { RECON_ACTOR: "bob" });
    expect(reopened.code).toBe(0);
    expect(reopened.stdout).toContain(" open");
    const audit = await query<{ action: string; actor: string; note: string }>(
      "SELECT action, actor, details->>'note' AS note FROM audit_logs WHERE entity_type = 'break' AND entity_id = $1 ORDER BY id",
      [breakId],
    );
    expect(audit).toEqual([
      { action: "break.resolved", actor: "cli:alice", note: "booked manually, JE-77" },
      { action: "break.reopened", actor: "cli:bob", note: "JE-77 reversed" },
    ]);
    const unknown = await recon(["breaks", "resolve", "999999", "--note", "x"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("break 999999 not found");
  });

  it("takes the actor from RECON_ACTOR or the OS user, never from an argument", async () => {
    const spoofed = await recon(["breaks", "resolve", breakId, "--note", "x", "--actor", "mallory"]);
    expect(spoofed.code).toBe(1);
    expect(spoofed.stderr).toContain("--actor is not accepted: the actor is RECON_ACTOR, or the OS user when it is unset");
    const hostile = await recon(["breaks", "resolve", breakId, "--note", "x"], { RECON_ACTOR: "eve\u001b[2J" });
    expect(hostile.code).toBe(1);
    expect(hostile.stderr).toContain("RECON_ACTOR: 1-64 printable characters");
    expect(hostile.stderr).not.toContain("\u001b");
    const help = await recon(["breaks", "resolve", "--help"]);
    expect(help.stdout).not.toContain("--actor");

    const byOsUser = await recon(["breaks", "resolve", breakId, "--note", "who am I"]);
    expect(byOsUser.code, byOsUser.stderr).toBe(0);
    const audit = await query<{ actor: string; note: string }>(
      "SELECT actor, details->>'note' AS note FROM audit_logs WHERE entity_type = 'break' AND entity_id = $1 ORDER BY id",
      [breakId],
    );
    expect(audit.map((entry) => entry.actor)).toEqual(["cli:alice", "cli:bob", `cli:${userInfo().username}`]);
    expect(audit.at(-1)?.note).toBe("who am I");
  });

  it("refuses an unknown --kind like an unknown --status, naming the kinds, and touches nothing", async () => {
    const weird = await recon(["breaks", "list", "--kind", "weird"]);
    expect(weird.code).toBe(1);
    expect(weird.stderr).toContain('unknown --kind "weird": expected missing_in_internal, missing_in_processor, amount_mismatch');
    expect(weird.stdout).toBe("");
    const status = await recon(["breaks", "list", "--status", "closed"]);
    expect(status.code).toBe(1);
    expect((await recon(["breaks", "list", "--kind", "amount_mismatch"])).stdout).toBe("no breaks\n");
  });

  it("says how many a --limit left out, on stderr (stdout stays one break per line), and in --json", async () => {
    for (const n of [1, 2, 3]) {
      await query(
        `INSERT INTO breaks (processor, break_key, kind, internal_external_id, currency, amount_at_risk_minor, reason,
                             first_seen_run_date, first_seen_run_id, last_seen_run_date)
         VALUES ('paypal', $1, 'missing_in_processor', $2, 'USD', 100, 'no processor record', $3, gen_random_uuid(), $3)`,
        [`missing_in_processor||led_p${n}`, `led_p${n}`, `2026-11-0${n}`],
      );
    }
    const limited = await recon(["breaks", "list", "--processor", "paypal", "--limit", "2"]);
    expect(limited.code, limited.stderr).toBe(0);
    expect(limited.stdout.trim().split("\n")).toHaveLength(2);
    expect(limited.stderr).toContain("showing 2 of 3 matching breaks, oldest first (use --limit 3 to see them all)");
    const all = await recon(["breaks", "list", "--processor", "paypal", "--limit", "3"]);
    expect(all.stdout.trim().split("\n")).toHaveLength(3);
    expect(all.stderr).not.toContain("showing");
    const json = JSON.parse((await recon(["breaks", "list", "--processor", "paypal", "--limit", "1", "--json"])).stdout) as { breaks: unknown[]; total: number; hasMore: boolean };
    expect([json.breaks.length, json.total, json.hasMore]).toEqual([1, 3, true]);
    const whole = JSON.parse((await recon(["breaks", "list", "--processor", "paypal", "--json"])).stdout) as { total: number; hasMore: boolean };
    expect([whole.total, whole.hasMore]).toEqual([3, false]);
  });
});
