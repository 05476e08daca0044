import { PROCESSORS, isProcessor, parseRunDate, todayUtc, type Processor } from "@recon/domain";

/** What `/reconcile <text>` asks for. */
export type ReconcileCommand =
  | { kind: "run"; processor: Processor; runDate: string }
  | { kind: "status" }
  | { kind: "help"; problem?: string };

export function helpText(processors: readonly Processor[], problem?: string): string {
  return [
    ...(problem ? [`:warning: ${problem}`] : []),
    "Usage: `/reconcile <processor> [YYYY-MM-DD]` or `/reconcile status`",
    `Processors: ${processors.join(", ")}. Date: a UTC day such as ${todayUtc()} (default today).`,
  ].join("\n");
}

/**
 * Parses the command text. Anything wrong comes back as help naming the problem, so the user
 * sees what is valid instead of a run of the wrong thing.
 */
export function parseReconcileCommand(text: string, processors: readonly Processor[] = PROCESSORS, today = todayUtc()): ReconcileCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || words[0] === "help") return { kind: "help" };
  const [first, second, ...rest] = words as [string, ...string[]];
  if (first.toLowerCase() === "status") {
    return words.length === 1 ? { kind: "status" } : { kind: "help", problem: "`status` takes no arguments" };
  }
  const name = first.toLowerCase();
  if (!isProcessor(name) || !processors.includes(name)) {
    return { kind: "help", problem: `unknown processor "${first}"` };
  }
  if (rest.length > 0) return { kind: "help", problem: `unexpected "${rest.join(" ")}"` };
  if (second === undefined) return { kind: "run", processor: name, runDate: today };
  try {
    return { kind: "run", processor: name, runDate: parseRunDate(second) };
  } catch (error) {
    return { kind: "help", problem: (error as Error).message };
  }
}
