import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";

function capture() {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return {
    destination,
    text: () => chunks.join(""),
    records: () =>
      chunks
        .join("")
        .split("\n")
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe("createLogger", () => {
  it("writes JSON lines with name, level and message to a custom destination", () => {
    const out = capture();
    const log = createLogger({ name: "test-logger", destination: out.destination });
    log.info({ runId: "r1" }, "hello");
    log.debug("below the default level");
    const records = out.records();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ name: "test-logger", level: 30, msg: "hello", runId: "r1" });
  });

  it("redacts the dashboard's sign-in secrets, as configuration or nested", () => {
    const out = capture();
    const log = createLogger({ name: "t", destination: out.destination });
    log.info({ OIDC_CLIENT_SECRET: "oidc_secret_1", config: { DASHBOARD_SESSION_SECRET: "session_secret_2", OIDC_CLIENT_ID: "recon" } }, "config");
    expect(out.text()).not.toMatch(/oidc_secret_1|session_secret_2/);
    expect(out.records()[0]).toMatchObject({ OIDC_CLIENT_SECRET: "[redacted]", config: { DASHBOARD_SESSION_SECRET: "[redacted]", OIDC_CLIENT_ID: "recon" } });
  });

  it("redacts secrets in nested fields and never writes them", () => {
    const out = capture();
    const log = createLogger({ name: "t", destination: out.destination, secretKeys: ["STRIPE_API_KEY"] });
    log.info(
      {
        config: { apiKey: "sk_live_nested_1", STRIPE_API_KEY: "sk_live_env_2", DATABASE_URL: "postgresql://u:pw_3@db/recon" },
        headers: { authorization: "Bearer tok_4" },
        req: { headers: { authorization: "Bearer tok_5", Authorization: "Bearer tok_6" } },
        user: { password: "hunter7" },
        keep: { processor: "stripe" },
      },
      "request",
    );
    const text = out.text();
    for (const secret of ["sk_live_nested_1", "sk_live_env_2", "pw_3", "tok_4", "tok_5", "tok_6", "hunter7"]) {
      expect(text).not.toContain(secret);
    }
    const [record] = out.records();
    expect(record).toMatchObject({
      config: { apiKey: "[redacted]", STRIPE_API_KEY: "[redacted]", DATABASE_URL: "[redacted]" },
      headers: { authorization: "[redacted]" },
      req: { headers: { authorization: "[redacted]", Authorization: "[redacted]" } },
      user: { password: "[redacted]" },
      keep: { processor: "stripe" },
    });
  });

  it("redacts secrets logged at the top level and in child bindings", () => {
    const out = capture();
    const log = createLogger({ name: "t", destination: out.destination });
    log.info({ token: "top_tok_1", apiKey: "top_key_2" }, "top");
    log.child({ REDIS_URL: "redis://:pw_child_3@redis:6379" }).info("child");
    const text = out.text();
    for (const secret of ["top_tok_1", "top_key_2", "pw_child_3"]) expect(text).not.toContain(secret);
    const [top, child] = out.records();
    expect(top).toMatchObject({ token: "[redacted]", apiKey: "[redacted]" });
    expect(child).toMatchObject({ REDIS_URL: "[redacted]", msg: "child" });
  });

  it("masks the password of a URL quoted in free text: a message, an error, an unlisted field", () => {
    const out = capture();
    const log = createLogger({ name: "t", destination: out.destination });
    log.warn({ err: "connect ECONNREFUSED for postgresql://recon:free_text_1@db:5432/recon", dsn: "redis://:unlisted_2@cache:6379" }, "lost smtp://alerts:in_msg_3@mail:587");
    const text = out.text();
    for (const secret of ["free_text_1", "unlisted_2", "in_msg_3"]) expect(text).not.toContain(secret);
    expect(out.records()[0]).toMatchObject({
      err: "connect ECONNREFUSED for postgresql://recon:***@db:5432/recon",
      dsn: "redis://:***@cache:6379",
      msg: "lost smtp://alerts:***@mail:587",
    });
  });
});
