import { silentLogger } from "@recon/testing";
import { describe, expect, it } from "vitest";
import { ShutdownManager } from "./shutdown";

const silent = silentLogger();

function delay(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe("ShutdownManager", () => {
  it("closes phase by phase: servers, workers, queues, connections", async () => {
    const manager = new ShutdownManager({ logger: silent, timeoutMs: 5_000 });
    const events: string[] = [];
    const closer = (name: string, ms: number) => async () => {
      events.push(`start ${name}`);
      await delay(ms);
      events.push(`end ${name}`);
    };
    // Registered out of order on purpose; the slow worker must finish before any queue starts.
    manager.register("redis", "connections", closer("redis", 0));
    manager.register("queues", "queues", closer("queues", 0));
    manager.register("worker-a", "workers", closer("worker-a", 30));
    manager.register("http", "servers", closer("http", 10));
    manager.register("worker-b", "workers", closer("worker-b", 0));

    await expect(manager.shutdown()).resolves.toBe(0);
    expect(events).toEqual([
      "start http",
      "end http",
      "start worker-a",
      "start worker-b",
      "end worker-b",
      "end worker-a",
      "start queues",
      "end queues",
      "start redis",
      "end redis",
    ]);
  });

  it("gives exit code 1 when a closer rejects, and still runs the later phases", async () => {
    const manager = new ShutdownManager({ logger: silent, timeoutMs: 5_000 });
    const closed: string[] = [];
    manager.register("worker", "workers", () => Promise.reject(new Error("boom")));
    manager.register("other-worker", "workers", () => Promise.resolve(closed.push("other-worker")));
    manager.register("queues", "queues", () => Promise.resolve(closed.push("queues")));
    manager.register("redis", "connections", () => Promise.resolve(closed.push("redis")));

    await expect(manager.shutdown()).resolves.toBe(1);
    expect(closed).toEqual(["other-worker", "queues", "redis"]);
  });

  it("resolves to 1 within about the timeout when a closer hangs", async () => {
    const manager = new ShutdownManager({ logger: silent, timeoutMs: 200 });
    let laterPhaseRan = false;
    manager.register("stuck-worker", "workers", () => new Promise(() => undefined));
    manager.register("redis", "connections", () => {
      laterPhaseRan = true;
      return Promise.resolve();
    });

    const started = Date.now();
    await expect(manager.shutdown()).resolves.toBe(1);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(2_000);
    expect(laterPhaseRan).toBe(false);
  });

  it("treats a closer that throws synchronously like a rejection", async () => {
    const manager = new ShutdownManager({ logger: silent, timeoutMs: 5_000 });
    let redisClosed = false;
    manager.register("bad", "servers", () => {
      throw new Error("sync boom");
    });
    manager.register("redis", "connections", () => {
      redisClosed = true;
      return Promise.resolve();
    });
    await expect(manager.shutdown()).resolves.toBe(1);
    expect(redisClosed).toBe(true);
  });

  it("runs the closers once and gives every caller the same exit code", async () => {
    const manager = new ShutdownManager({ logger: silent, timeoutMs: 5_000 });
    let calls = 0;
    manager.register("worker", "workers", async () => {
      calls += 1;
      await delay(20);
      throw new Error("boom");
    });
    const [first, second] = await Promise.all([manager.shutdown(), manager.shutdown()]);
    expect([first, second]).toEqual([1, 1]);
    await expect(manager.shutdown()).resolves.toBe(1);
    expect(calls).toBe(1);
  });

  it("resolves to 0 with nothing registered", async () => {
    await expect(new ShutdownManager({ logger: silent, timeoutMs: 200 }).shutdown()).resolves.toBe(0);
  });
});
