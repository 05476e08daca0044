import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Loopback only by default: emulators must never be reachable from another machine. */
export const DEFAULT_HOST = "127.0.0.1";

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload).toString(),
    ...headers,
  });
  res.end(payload);
}

/** The bearer token of a request, or null when the header is absent or not Bearer. */
export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match?.[1]?.trim() ?? null;
}

/** Listens on host:port (port 0 = ephemeral) and resolves to the base URL. */
export async function listen(server: Server, host: string, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return `http://${host}:${address.port}`;
}

/** Closes the server and drops kept-alive client sockets, which would otherwise hold close() open. */
export async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  await new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/** One request an emulator answered, as the conformance tests read it back. */
export interface Exchange {
  method: string;
  path: string;
  query: URLSearchParams;
  /** When the request arrived (Date.now()): the fetch benchmark counts requests per second at the emulator. */
  receivedAt: number;
  /** The reply's status and parsed JSON body; undefined while unanswered or when the reply was cut. */
  status?: number;
  body?: unknown;
}

/**
 * Wraps a request handler so that every request and its complete JSON reply are appended to
 * `log` (when a log is given): the conformance tests validate what the emulators really sent
 * against the processors' API descriptions. Off by default, so a long-running sandbox keeps nothing.
 */
export function recordingExchanges(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  log: Exchange[] | undefined,
): (req: IncomingMessage, res: ServerResponse) => void {
  if (!log) return handler;
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://sandbox");
    const exchange: Exchange = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      receivedAt: Date.now(),
    };
    log.push(exchange);
    const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
    // Every reply is one JSON payload passed to end(); a truncated one never reaches end().
    res.end = ((chunk?: unknown) => {
      if (typeof chunk === "string") {
        exchange.status = res.statusCode;
        try {
          exchange.body = JSON.parse(chunk) as unknown;
        } catch {
          exchange.body = chunk;
        }
      }
      return end(chunk);
    }) as ServerResponse["end"];
    handler(req, res);
  };
}
