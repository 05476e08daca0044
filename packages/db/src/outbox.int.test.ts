import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
// @recon/testing depends on @recon/db, so the reverse import goes by path to avoid a package cycle.
import { createTestDatabase, eventually, type TestDatabase } from "../../testing/src";
import { createDb, type Db } from "./client";
import { insertOutboxEvent, relayOutbox, runOnce, type OutboxEvent } from "./outbox";

describe("outbox and consumer idempotency", () => {
  let testDb: TestDatabase;
  let db: Db;
  beforeEach(async () => {
    testDb = await createTestDatabase({ name: "outbox" });
    db = createDb(testDb.url);
  });
  afterEach(async () => {
    await db.close();
    await testDb.drop();
  });

  it("publishes pending events in order, marks them, and publishes nothing twice", async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const [i, id] of ids.entries()) {
      await insertOutboxEvent(db.pool, { id, type: "run.completed", payload: { i } });
      await insertOutboxEvent(db.pool, { id, type: "run.completed", payload: { i } }); // same id: no-op
    }
    const seen: OutboxEvent[] = [];
    expect(await relayOutbox(db, (e) => Promise.resolve(void seen.push(e)), 2)).toBe(2);
    expect(await relayOutbox(db, (e) => Promise.resolve(void seen.push(e)), 10)).toBe(1);
    expect(await relayOutbox(db, (e) => Promise.resolve(void seen.push(e)), 10)).toBe(0);
    expect(seen.map((e) => e.id)).toEqual(ids);
    expect(seen[0]).toMatchObject({ type: "run.completed", payload: { i: 0 } });
  });

  it("keeps events published before a failure marked and rethrows", async () => {
    const ids = [randomUUID(), randomUUID()];
    for (const id of ids) await insertOutboxEvent(db.pool, { id, type: "t", payload: null });
    let calls = 0;
    await expect(
      relayOutbox(db, () => {
        calls += 1;
        return calls === 2 ? Promise.reject(new Error("redis down")) : Promise.resolve();
      }),
    ).rejects.toThrow("redis down");
    const pending = await db.pool.query<{ id: string }>("SELECT id FROM outbox_events WHERE published_at IS NULL");
    expect(pending.rows.map((r) => r.id)).toEqual([ids[1]]);
  });

  it("runs a consumer's handler once per event, and again only if it failed", async () => {
    const eventId = randomUUID();
    let runs = 0;
    await expect(
      runOnce(db, "report", eventId, () => {
        runs += 1;
        return Promise.reject(new Error("s3 timeout"));
      }),
    ).rejects.toThrow("s3 timeout");
    expect(await runOnce(db, "report", eventId, () => Promise.resolve(++runs))).toEqual({ ran: true, result: 2 });
    expect(await runOnce(db, "report", eventId, () => Promise.resolve(++runs))).toEqual({ ran: false });
    // Another consumer of the same event has its own marker.
    expect(await runOnce(db, "notify", eventId, () => Promise.resolve(++runs))).toEqual({ ran: true, result: 3 });
  });

  it("lets only one of two concurrent deliveries run", async () => {
    const eventId = randomUUID();
    let runs = 0;
    // The delivery that runs holds its transaction open until the other one is seen waiting on
    // its marker row's lock: the two really overlap, however busy the machine.
    const handler = async () => {
      runs += 1;
      await eventually(
        "the other delivery to wait on the marker's lock",
        async () => {
          const { rows } = await db.pool.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
          );
          return rows[0]!.n === 1;
        },
        { timeoutMs: 10_000 },
      );
    };
    const outcomes = await Promise.all([runOnce(db, "notify", eventId, handler), runOnce(db, "notify", eventId, handler)]);
    expect(runs).toBe(1);
    expect(outcomes.map((o) => o.ran).sort()).toEqual([false, true]);
  });
});
