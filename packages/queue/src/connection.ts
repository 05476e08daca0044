import { Redis } from "ioredis";

/**
 * Redis connections per BullMQ's production checklist:
 * - workers (blocking commands) must never give up on a request: maxRetriesPerRequest null;
 * - producers fail fast instead of queueing commands while Redis is away (enableOfflineQueue false),
 *   so a trigger during an outage errors at once rather than hanging.
 * Every connection gets an error listener: an unhandled 'error' event would crash the process.
 */
export type ConnectionRole = "worker" | "producer";

export function createRedisConnection(url: string, role: ConnectionRole, onError?: (error: Error) => void): Redis {
  const connection = new Redis(url, {
    maxRetriesPerRequest: role === "worker" ? null : 1,
    enableOfflineQueue: role === "worker",
    // Back off up to 5 s between reconnect attempts; never stop trying.
    retryStrategy: (times) => Math.min(times * 200, 5_000),
    lazyConnect: false,
  });
  connection.on("error", onError ?? (() => undefined));
  return connection;
}

/**
 * Waits until a connection is ready. Producers do not queue commands while offline, so their
 * first command must wait for the connection instead of failing with "Stream isn't writeable".
 */
export async function waitUntilReady(connection: Redis, timeoutMs = 10_000): Promise<void> {
  if (connection.status === "ready") return;
  let lastError: Error | undefined;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      const { host, port } = connection.options;
      const why = lastError ? `: ${lastError.message}` : "";
      reject(new Error(`Redis unreachable at REDIS_URL (${host}:${port}): not ready within ${timeoutMs} ms${why}`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const onError = (error: Error) => {
      lastError = error;
    };
    const cleanup = () => {
      clearTimeout(timer);
      connection.off("ready", onReady);
      connection.off("error", onError);
    };
    connection.on("ready", onReady);
    connection.on("error", onError);
  });
}
