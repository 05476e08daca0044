// Test helpers: run the real `recon` CLI as a child process and read the database it wrote.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const execFileAsync = promisify(execFile);
const CLI_ENTRY = join(import.meta.dirname, "..", "main.ts");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `recon <args>` through tsx with the given environment; never throws on a non-zero exit. */
export async function runRecon(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 150_000): Promise<CliResult> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, ["--import", "tsx", CLI_ENTRY, ...args], {
      env,
      timeout: timeoutMs,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
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
