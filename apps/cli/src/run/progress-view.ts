import type { RunProgress } from "./watch-run";

const STAGE_LABEL: Record<RunProgress["stage"], string> = {
  queued: "queued",
  fetching: "fetching",
  reconciling: "reconciling",
  reporting: "reporting",
  done: "done ✓",
  failed: "failed ✗",
};

/**
 * Live progress on a terminal: one line per processor, redrawn in place on stderr so stdout
 * carries only the result. Off the terminal (or with --json) nothing is drawn.
 */
export class ProgressView {
  private readonly lines = new Map<string, string>();
  private drawn = 0;

  constructor(private readonly stream: Pick<NodeJS.WriteStream, "write">) {}

  update(progress: RunProgress): void {
    this.lines.set(progress.processor, describe(progress));
    this.redraw();
  }

  private redraw(): void {
    if (this.drawn > 0) this.stream.write(`\x1b[${this.drawn}A`);
    for (const line of this.lines.values()) this.stream.write(`\x1b[2K${line}\n`);
    this.drawn = this.lines.size;
  }
}

function describe(progress: RunProgress): string {
  const fetched = progress.fromDatabase ? storedRecords(progress) : `fetched ${progress.fetched.processor} processor / ${progress.fetched.internal} ledger records`;
  const rejected = progress.rejected > 0 ? `, ${progress.rejected} quarantined` : "";
  const error = progress.error ? ` — ${progress.error}` : "";
  return `  ${progress.processor.padEnd(8)} ${STAGE_LABEL[progress.stage].padEnd(12)} ${fetched}${rejected}${error}`;
}

/** --no-fetch reads what is stored: say so, with what was read once the run has ended. */
function storedRecords(progress: RunProgress): string {
  if (!progress.stored) return "nothing to fetch: the records stored in the database (--no-fetch)";
  return `read ${progress.stored.processor} processor / ${progress.stored.internal} ledger records from the database (--no-fetch)`;
}
