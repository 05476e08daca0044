import { existsSync } from "node:fs";
import { databaseUrlFromEnv, dockerHostFromEnv } from "./env";
import { loopbackPortAnswers } from "./loopback-port";

const LOCAL_SERVER_URL = "postgresql://root@127.0.0.1:5432/postgres";

function dockerAvailable(): boolean {
  const host = dockerHostFromEnv();
  if (host && !host.startsWith("unix://")) return true;
  return existsSync(host ? host.slice("unix://".length) : "/var/run/docker.sock");
}

let server: Promise<string> | undefined;

/**
 * The Postgres server tests create their databases on, as a URL to its `postgres` database:
 * DATABASE_URL when set; else the local server on 127.0.0.1:5432 when it answers; else one
 * PostgreSQL container per test process when Docker is available (testcontainers' reaper
 * removes it when the process exits).
 */
export function testPostgresServerUrl(): Promise<string> {
  server ??= (async () => {
    const fromEnv = databaseUrlFromEnv();
    if (fromEnv) return fromEnv;
    if (await loopbackPortAnswers(5432)) return LOCAL_SERVER_URL;
    if (!dockerAvailable()) {
      throw new Error(
        "no Postgres for tests: DATABASE_URL is unset, nothing answers on 127.0.0.1:5432 and Docker is not available",
      );
    }
    // Imported only here: loading testcontainers costs time and needs nothing when a server exists.
    const { GenericContainer, Wait } = await import("testcontainers");
    const container = await new GenericContainer("postgres:16-alpine")
      .withEnvironment({ POSTGRES_USER: "root", POSTGRES_HOST_AUTH_METHOD: "trust" })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start();
    return `postgresql://root@${container.getHost()}:${container.getMappedPort(5432)}/postgres`;
  })();
  return server;
}
