import { checkDatabase, checkRunsAgainstAudit, createDbFromConfig, readDatabaseMode, verifyAuditChain, type AuditedRunsResult, type AuditVerification } from "@recon/db";
import { STARTUP_CHECK_TIMEOUT_MS } from "@recon/fleet";
import { readAuditAnchors, s3ReportStoreFromConfig, type AuditAnchors } from "@recon/reports";
import { databaseEnv, parseEnv, printable, reportsEnv, s3Env } from "@recon/runtime";
import type { Command } from "commander";
import { UsageError } from "../usage-error";

interface AuditVerifyOptions {
  from?: string;
  json?: boolean;
}

// Postgres's undefined_column: a database the chain migration has not reached yet.
const UNDEFINED_COLUMN = "42703";

/** `--from`: a seq (whole number from 1) or a UTC date or ISO instant. */
export function parseFrom(raw: string | undefined): bigint | Date | undefined {
  if (raw === undefined) return undefined;
  if (/^\d+$/.test(raw) && BigInt(raw) >= 1n) return BigInt(raw);
  if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(raw)) {
    const at = new Date(raw.length === 10 ? `${raw}T00:00:00.000Z` : raw);
    if (!Number.isNaN(at.getTime()) && (raw.length !== 10 || at.toISOString().startsWith(raw))) return at;
  }
  throw new UsageError(`--from must be a seq (a whole number from 1) or a date (YYYY-MM-DD, UTC, or an ISO instant), got "${raw}"`);
}

function summary(result: AuditVerification, found: AuditAnchors, runs: AuditedRunsResult): string {
  const { last, checked, anchorsChecked } = result;
  const entries = last === null ? "no entries to check" : `${checked} entries checked (seq ${result.firstSeq} to ${last.seq}), head seq ${last.seq} hash ${last.hash}`;
  const latest = found.anchors.at(-1);
  const anchors =
    latest === undefined
      ? `no anchors in ${found.searched.join(" or ")}: a truncated table would go unnoticed`
      : `${anchorsChecked} of ${found.anchors.length} anchors checked, the latest at seq ${latest.seq} (${latest.location})`;
  return `audit chain intact: ${entries}; ${anchors}; ${runs.checked === 1 ? "1 run agrees with its audited completion" : `${runs.checked} runs agree with their audited completions`}`;
}

function json(result: AuditVerification, found: AuditAnchors, runs: AuditedRunsResult | undefined) {
  const latest = found.anchors.at(-1);
  const problem = result.problem ?? runs?.problem ?? null;
  return {
    ok: problem === null,
    from: result.firstSeq.toString(),
    checked: result.checked,
    head: result.last && { seq: result.last.seq?.toString(), hash: result.last.hash, id: result.last.id },
    anchors: {
      found: found.anchors.length,
      checked: result.anchorsChecked,
      latest: latest === undefined ? null : { seq: latest.seq.toString(), hash: latest.hash, location: latest.location },
      searched: found.searched,
    },
    runs: runs === undefined ? null : { checked: runs.checked },
    problem: problem && { ...problem, seq: problem.seq?.toString() ?? null },
  };
}

/**
 * `recon audit verify`: walks the audit chain, recomputing every hash here, and compares it with
 * the anchors beside the reports; then, the chain being intact, every run's stored results with
 * its last audited completion. Exit 0 with a one-line summary, or 1 naming the first entry that
 * was edited, deleted, inserted or reordered, the table truncated, or a run changed since.
 */
async function auditVerifyCommand(raw: AuditVerifyOptions): Promise<number> {
  const from = parseFrom(raw.from);
  const config = parseEnv(databaseEnv.extend(reportsEnv.shape).extend(s3Env.shape));
  const s3 = s3ReportStoreFromConfig(config);
  await checkDatabase(config.DATABASE_URL, { timeoutMs: STARTUP_CHECK_TIMEOUT_MS });
  const db = createDbFromConfig(config);
  try {
    // The anchors of the chain in this database: a sandbox database's live under sandbox/,
    // whichever way DATABASE_URL was pointed at it (the database says what it holds).
    const sandbox = ((await readDatabaseMode(db.pool)) ?? (config.RECON_SANDBOX ? "sandbox" : "real")) === "sandbox";
    const found = await readAuditAnchors({ s3, reportsDir: config.REPORTS_DIR, sandbox });
    const result = await verifyAuditChain(db, { from, anchors: found.anchors }).catch((error: unknown) => {
      if ((error as { code?: string }).code === UNDEFINED_COLUMN) throw new Error("audit_logs has no hash chain yet: run recon migrate", { cause: error });
      throw error;
    });
    // Runs are compared with their completion entries only once those entries are known intact.
    const runs = result.problem ? undefined : await checkRunsAgainstAudit(db);
    const problem = result.problem ?? runs?.problem ?? null;
    if (raw.json) process.stdout.write(`${JSON.stringify(json(result, found, runs))}\n`);
    else if (problem) process.stdout.write(`audit ${problem.kind === "run-changed" ? "trail contradicted" : "chain broken"} (${problem.kind}): ${printable(problem.message)}\n`);
    else process.stdout.write(`${summary(result, found, runs!)}\n`);
    return problem ? 1 : 0;
  } finally {
    s3?.client.destroy();
    await db.close();
  }
}

/** Registers `recon audit verify`. */
export function registerAuditCommand(program: Command): void {
  const audit = program.command("audit").description("the tamper-evident audit log");
  audit
    .command("verify")
    .description("walk the audit chain and its anchors; exit 1 naming the first entry edited, deleted, inserted or reordered")
    .option("--from <seq|date>", "begin at this seq, or at the first entry written on or after this UTC date or instant")
    .option("--json", "print one JSON object")
    .action(async (options: AuditVerifyOptions) => {
      process.exitCode = await auditVerifyCommand(options);
    });
}
