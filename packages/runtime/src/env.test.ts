import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isAbsolute, join, resolve } from "node:path";
import { databaseEnv, DEFAULT_REPORTS_DIR, fetchEnv, logEnv, optionalString, optionalUrl, parseEnv, redisEnv, reportsEnv, sandboxEnv, workerEnv } from "./env";

// Source settings the way the source modules declare theirs.
const sourceLikeEnv = z.object({ STRIPE_API_KEY: optionalString, STRIPE_API_BASE: optionalUrl, INTERNAL_API_URL: optionalUrl, INTERNAL_API_TOKEN: optionalString });
const schema = redisEnv.extend(logEnv.shape).extend(sourceLikeEnv.shape).extend(fetchEnv.shape).extend(workerEnv.shape);

describe("parseEnv", () => {
  it("applies defaults when nothing is set", () => {
    expect(parseEnv(schema, {})).toEqual({
      REDIS_URL: "redis://127.0.0.1:6379",
      QUEUE_PREFIX: "recon",
      REDIS_DURABILITY: "warn",
      RECON_SANDBOX: false,
      LOG_LEVEL: "info",
      FETCH_SLICES: 4,
      WORKER_CONCURRENCY: 2,
      SHUTDOWN_TIMEOUT_MS: 25_000,
    });
  });

  it("coerces numeric variables from strings", () => {
    const config = parseEnv(schema, { FETCH_SLICES: "12", WORKER_CONCURRENCY: "8", SHUTDOWN_TIMEOUT_MS: "1500" });
    expect(config.FETCH_SLICES).toBe(12);
    expect(config.WORKER_CONCURRENCY).toBe(8);
    expect(config.SHUTDOWN_TIMEOUT_MS).toBe(1500);
  });

  it("keeps values that are set", () => {
    const config = parseEnv(schema, { STRIPE_API_KEY: "sk_test_1", INTERNAL_API_URL: "http://ledger:8080", QUEUE_PREFIX: "p" });
    expect(config.STRIPE_API_KEY).toBe("sk_test_1");
    expect(config.INTERNAL_API_URL).toBe("http://ledger:8080");
    expect(config.QUEUE_PREFIX).toBe("p");
  });

  it('treats "" as unset for optional variables', () => {
    const config = parseEnv(schema, { STRIPE_API_KEY: "", STRIPE_API_BASE: "", INTERNAL_API_URL: "", INTERNAL_API_TOKEN: "" });
    expect(config.STRIPE_API_KEY).toBeUndefined();
    expect(config.STRIPE_API_BASE).toBeUndefined();
    expect(config.INTERNAL_API_URL).toBeUndefined();
    expect(config.INTERNAL_API_TOKEN).toBeUndefined();
  });

  it('treats "" as unset for variables with defaults', () => {
    const config = parseEnv(schema, { REDIS_URL: "", FETCH_SLICES: "", WORKER_CONCURRENCY: "", LOG_LEVEL: "" });
    expect(config.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(config.FETCH_SLICES).toBe(4);
    expect(config.WORKER_CONCURRENCY).toBe(2);
    expect(config.LOG_LEVEL).toBe("info");
  });

  it("throws one error naming every bad variable", () => {
    let error: unknown;
    try {
      parseEnv(schema, {
        REDIS_URL: "not a url",
        LOG_LEVEL: "loud",
        FETCH_SLICES: "0",
        WORKER_CONCURRENCY: "many",
        SHUTDOWN_TIMEOUT_MS: "5",
        STRIPE_API_BASE: "nope",
        QUEUE_PREFIX: "ok",
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/^invalid configuration:/);
    for (const name of ["REDIS_URL", "LOG_LEVEL", "FETCH_SLICES", "WORKER_CONCURRENCY", "SHUTDOWN_TIMEOUT_MS", "STRIPE_API_BASE"]) {
      expect(message).toContain(`${name}:`);
    }
    expect(message).not.toContain("QUEUE_PREFIX");
    expect(message.split("\n")).toHaveLength(7);
  });

  it("rejects a missing required variable by name", () => {
    expect(() => parseEnv(z.object({ REQUIRED_THING: z.string() }), {})).toThrow(/REQUIRED_THING:/);
  });
});

describe("REPORTS_DIR", () => {
  it("defaults to reports/ in the repository root, whatever the working directory", () => {
    const { REPORTS_DIR } = parseEnv(reportsEnv, {});
    expect(REPORTS_DIR).toBe(DEFAULT_REPORTS_DIR);
    expect(REPORTS_DIR).toBe(resolve(import.meta.dirname, "../../../reports"));
  });

  it("resolves a relative value against the working directory, once, to an absolute path", () => {
    const { REPORTS_DIR } = parseEnv(reportsEnv, { REPORTS_DIR: "out/reports" });
    expect(isAbsolute(REPORTS_DIR)).toBe(true);
    expect(REPORTS_DIR).toBe(join(process.cwd(), "out/reports"));
    expect(parseEnv(reportsEnv, { REPORTS_DIR: "/srv/reports/" }).REPORTS_DIR).toBe("/srv/reports");
  });
});

describe("the sandbox, only on request", () => {
  const schema = databaseEnv.extend(redisEnv.shape).extend(sandboxEnv.shape);

  it("is off by default: the real database and queues", () => {
    expect(parseEnv(schema, {})).toMatchObject({ RECON_SANDBOX: false, DATABASE_URL: "postgresql://root@127.0.0.1:5432/recon", QUEUE_PREFIX: "recon" });
    expect(parseEnv(schema, { RECON_SANDBOX: "false" }).RECON_SANDBOX).toBe(false);
  });

  it("with RECON_SANDBOX, defaults to a database and queues of its own on the same server", () => {
    for (const on of ["true", "1", "yes", "ON"]) {
      expect(parseEnv(schema, { RECON_SANDBOX: on })).toMatchObject({
        RECON_SANDBOX: true,
        DATABASE_URL: "postgresql://root@127.0.0.1:5432/recon_sandbox",
        QUEUE_PREFIX: "recon-sandbox",
      });
    }
  });

  it("keeps what is set explicitly (the database's recorded mode guards it)", () => {
    const config = parseEnv(schema, { RECON_SANDBOX: "true", DATABASE_URL: "postgresql://db.internal/demo", QUEUE_PREFIX: "demo" });
    expect(config).toMatchObject({ DATABASE_URL: "postgresql://db.internal/demo", QUEUE_PREFIX: "demo" });
    // An empty value is unset, here too.
    expect(parseEnv(schema, { RECON_SANDBOX: "true", DATABASE_URL: "" }).DATABASE_URL).toBe("postgresql://root@127.0.0.1:5432/recon_sandbox");
  });

  it("leaves schemas without the flag alone", () => {
    expect(parseEnv(z.object({ QUEUE_PREFIX: z.string().default("recon") }), { RECON_SANDBOX: "true" })).toEqual({ QUEUE_PREFIX: "recon" });
  });
});
