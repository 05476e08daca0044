import { countBreaks, formatAmountForBreak, listBreaks, reopenBreak, resolveBreak, type BreakRow, type BreakStatus } from "@recon/db";
import { DISCREPANCY_KINDS, isProcessor, parseRunDate, PROCESSORS } from "@recon/domain";
import { actorEnv, databaseEnv, parseEnv, printable } from "@recon/runtime";
import { Option, type Command } from "commander";
import { cliActor } from "../actor/cli-actor";
import { openCliDatabase } from "./open-database";
import { UsageError } from "../usage-error";

interface BreaksListOptions {
  processor?: string;
  status?: string;
  kind?: string;
  asOf?: string;
  limit?: string;
  json?: boolean;
}

interface BreakChangeOptions {
  note?: string;
  /** Refused: the actor comes from RECON_ACTOR or the OS user (see cliActor). */
  actor?: string;
}

function parseListOptions(raw: BreaksListOptions) {
  if (raw.processor !== undefined && !isProcessor(raw.processor))
    throw new UsageError(`unknown processor "${raw.processor}": expected ${PROCESSORS.join(", ")}`);
  if (raw.kind !== undefined && !(DISCREPANCY_KINDS as readonly string[]).includes(raw.kind))
    throw new UsageError(`unknown --kind "${raw.kind}": expected ${DISCREPANCY_KINDS.join(", ")}`);
  const status = raw.status ?? "open";
  if (!["open", "resolved", "all"].includes(status)) throw new UsageError(`--status must be open, resolved or all, got "${status}"`);
  const limit = raw.limit === undefined ? 500 : Number(raw.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive integer, got "${raw.limit}"`);
  let asOf: string | undefined;
  try {
    asOf = raw.asOf === undefined ? undefined : parseRunDate(raw.asOf);
  } catch (error) {
    throw new UsageError(`--as-of: ${(error as Error).message}`);
  }
  return {
    ...(raw.processor === undefined ? {} : { processor: raw.processor }),
    status: status as BreakStatus | "all",
    ...(raw.kind === undefined ? {} : { kind: raw.kind }),
    ...(asOf === undefined ? {} : { asOf }),
    limit,
  };
}

function breakJson(b: BreakRow) {
  return { ...b, amountAtRiskMinor: b.amountAtRiskMinor.toString(), amountAtRisk: formatAmountForBreak(b) };
}

/** One break per line; ids come from processors' APIs and notes from people, so both are shown printable. */
function renderLine(b: BreakRow): string {
  const ids = `${b.processorExternalId ?? "-"} / ${b.internalExternalId ?? "-"}`;
  const state = b.status === "open" ? "open" : `resolved (${b.resolution ?? "?"}${b.resolvedBy ? ` by ${b.resolvedBy}` : ""})`;
  const note = b.note ? `  note: ${b.note}` : "";
  return printable(`#${b.id}  ${b.processor}  ${b.kind}  ${ids}  ${formatAmountForBreak(b)}  age ${b.ageDays}d (since ${b.firstSeenRunDate})  ${state}${note}`);
}

/** `recon breaks list`: open (or all) breaks, oldest first, with their age in days. */
async function breaksListCommand(raw: BreaksListOptions): Promise<number> {
  const filter = parseListOptions(raw);
  const db = await openCliDatabase(parseEnv(databaseEnv), { migrate: true });
  try {
    const breaks = await listBreaks(db, filter);
    // Counted only when the limit may have cut the list: the usual short list costs one query.
    const total = breaks.length < filter.limit ? breaks.length : await countBreaks(db, filter);
    if (raw.json) {
      process.stdout.write(`${JSON.stringify({ breaks: breaks.map(breakJson), total, hasMore: total > breaks.length })}\n`);
      return 0;
    }
    if (breaks.length === 0) process.stdout.write("no breaks\n");
    else process.stdout.write(`${breaks.map(renderLine).join("\n")}\n`);
    // On stderr, so that stdout stays one break per line for scripts.
    if (total > breaks.length) process.stderr.write(`showing ${breaks.length} of ${total} matching breaks, oldest first (use --limit ${total} to see them all)\n`);
    return 0;
  } finally {
    await db.close();
  }
}

/** `recon breaks resolve|reopen <id> --note ...`: an operator's state change, audited. */
async function breakChangeCommand(action: "resolve" | "reopen", id: string, raw: BreakChangeOptions): Promise<number> {
  if (!/^\d+$/.test(id)) throw new UsageError(`break id "${id}" is not a number (see recon breaks list)`);
  if (raw.actor !== undefined) {
    throw new UsageError("--actor is not accepted: the actor is RECON_ACTOR, or the OS user when it is unset");
  }
  if (raw.note === undefined || raw.note.trim() === "") throw new UsageError("--note is required: say why");
  const config = parseEnv(databaseEnv.extend(actorEnv.shape));
  const actor = cliActor(config.RECON_ACTOR);
  const db = await openCliDatabase(config, { migrate: false });
  try {
    const change = { id, note: raw.note, actor };
    const updated = action === "resolve" ? await resolveBreak(db, change) : await reopenBreak(db, change);
    process.stdout.write(`${renderLine(updated)}\n`);
    return 0;
  } catch (error) {
    const message = (error as Error).message;
    if (/not found|already|not a number/.test(message)) throw new UsageError(message);
    throw error;
  } finally {
    await db.close();
  }
}

/** Registers `recon breaks list|resolve|reopen`. */
export function registerBreaksCommand(program: Command): void {
  const breaks = program.command("breaks").description("list, resolve and reopen open breaks (unmatched items that carry forward)");
  breaks
    .command("list")
    .description("breaks, oldest first, with their age in days")
    .option("--processor <name>", PROCESSORS.join(", "))
    .option("--status <status>", "open, resolved or all", "open")
    .option("--kind <kind>", DISCREPANCY_KINDS.join(", "))
    .option("--as-of <YYYY-MM-DD>", "measure age up to this day (default: today)")
    .option("--limit <n>", "at most this many", "500")
    .option("--json", "print one JSON object")
    .action(async (options: BreaksListOptions) => {
      process.exitCode = await breaksListCommand(options);
    });
  for (const action of ["resolve", "reopen"] as const) {
    breaks
      .command(`${action} <id>`)
      .description(action === "resolve" ? "mark a break resolved, with a note (audited as RECON_ACTOR or the OS user)" : "reopen a resolved break, with a note (audited as RECON_ACTOR or the OS user)")
      .requiredOption("--note <text>", "why (kept on the break and in the audit log)")
      // Kept hidden only to answer with the replacement instead of commander's bare "unknown option".
      .addOption(new Option("--actor <name>").hideHelp())
      .action(async (id: string, options: BreakChangeOptions) => {
        process.exitCode = await breakChangeCommand(action, id, options);
      });
  }
}
