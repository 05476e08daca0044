import type { RunResultJson } from "./run-result";

/**
 * The line above the table when any run's data came from the built-in emulators, naming those
 * sources, so generated figures are never read as real money; undefined when every run is real.
 */
export function renderSandboxLine(runs: readonly RunResultJson[]): string | undefined {
  const sources = [...new Set(runs.flatMap((run) => run.sandboxed_sources))];
  if (sources.length === 0) return undefined;
  const named = sources.map((source) => (source === "internal" ? "the ledger" : source));
  const list = named.length === 1 ? named[0] : `${named.slice(0, -1).join(", ")} and ${named.at(-1)}`;
  return `SANDBOX: generated data from the built-in emulators (${list}), not real money.`;
}
