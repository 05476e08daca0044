import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import type { Logger } from "./logger";
import { describeListenError } from "./port-in-use";

/** A readiness check: resolves when the dependency is usable, throws (or times out) when not. */
export type ReadinessCheck = () => Promise<unknown>;

export interface HealthServerOptions {
  /** Port to listen on; 0 picks a free one (tests). */
  port: number;
  /** Default 0.0.0.0, so Kubernetes probes and Prometheus reach it. */
  host?: string;
  logger: Logger;
  /** Named checks run by /readyz, all in parallel. */
  checks: Record<string, ReadinessCheck>;
  /** Served at /metrics. */
  registry: Registry;
  /** How long one check may take before it counts as failed. Default 2000 ms. */
  checkTimeoutMs?: number;
}

export interface HealthServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string }>;
}

/** Runs every check with a timeout; a hung dependency must make the probe fail, not hang it. */
export async function checkReadiness(checks: Record<string, ReadinessCheck>, timeoutMs = 2_000): Promise<ReadinessReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [name, { ok: true }] as const;
      } catch (error) {
        return [name, { ok: false, error: error instanceof Error ? error.message : String(error) }] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const results: ReadinessReport["checks"] = {};
  for (const [name, result] of entries) results[name] = result;
  return { ready: entries.every(([, result]) => result.ok), checks: results };
}

/**
 * Serves the probes every long-running app exposes:
 * - `/healthz`: the process is alive (the event loop answers); never touches dependencies, so a
 *   Redis outage does not get every pod restarted;
 * - `/readyz`: every readiness check passes (503 with the failing ones named otherwise);
 * - `/metrics`: Prometheus text format.
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    const send = (status: number, type: string, body: string) => {
      response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      response.end(body);
    };
    if (request.method !== "GET" && request.method !== "HEAD") return send(405, "text/plain", "method not allowed\n");
    if (path === "/healthz") return send(200, "application/json", JSON.stringify({ status: "ok" }));
    if (path === "/readyz") {
      void checkReadiness(options.checks, options.checkTimeoutMs).then((report) => {
        if (!report.ready) options.logger.warn({ checks: report.checks }, "not ready");
        send(report.ready ? 200 : 503, "application/json", JSON.stringify(report));
      });
      return;
    }
    if (path === "/metrics") {
      void options.registry.metrics().then(
        (text) => send(200, options.registry.contentType, text),
        (error: unknown) => send(500, "text/plain", `metrics failed: ${(error as Error).message}\n`),
      );
      return;
    }
    send(404, "text/plain", "not found: try /healthz, /readyz or /metrics\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) => reject(describeListenError(error, "HEALTH_PORT", options.port)));
    server.listen(options.port, options.host ?? "0.0.0.0", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host && options.host !== "0.0.0.0" ? options.host : "127.0.0.1";
  return {
    port,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
