// Test helpers: run the real `recon` CLI as a child process and read the database it wrote.
import { join } from "node:path";
import { runToExit } from "@recon/testing";
import pg from "pg";

export const CLI_ENTRY = join(import.meta.dirname, "..", "main.ts");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `recon <args>` through tsx with the given environment; never throws on a non-zero exit. */
export async function runRecon(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 150_000): Promise<CliResult & { ms: number }> {
  const { code, stdout, stderr, ms } = await runToExit(CLI_ENTRY, args, env, timeoutMs);
  return { code: code ?? -1, stdout, stderr, ms }; // -1: killed (e.g. by the timeout), never mistaken for an exit code
}

/** One query on its own connection, so tests see exactly what the CLI process committed. */
export async function queryDatabase<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
