import type { RunFigures } from "./evaluate-phase";

export interface PhaseRow {
  phase: string;
  kills: number;
  restarts: number;
  crashes: number;
  figures: RunFigures;
  wallMs: number;
}

const COLUMNS = ["phase", "kills", "restarts", "crashes", "runs", "completed", "failed+alerted", "lost", "mismatch", "emails", "slack", "email≠1", "slack≠1", "no report", "wall"];

function cells(row: PhaseRow): string[] {
  const f = row.figures;
  return [
    row.phase,
    String(row.kills),
    String(row.restarts),
    String(row.crashes),
    String(f.runs),
    String(f.completed),
    String(f.failedAndAlerted),
    String(f.lost),
    String(f.outcomeMismatches),
    String(f.emails),
    String(f.slackMessages),
    String(f.emailNotOne),
    String(f.slackNotOne),
    String(f.reportSetsMissing),
    `${Math.round(row.wallMs / 1000)} s`,
  ];
}

/** A compact fixed-width table, one line per phase and a total. */
export function formatFigures(rows: readonly PhaseRow[]): string {
  const total: PhaseRow = {
    phase: "total",
    kills: rows.reduce((n, r) => n + r.kills, 0),
    restarts: rows.reduce((n, r) => n + r.restarts, 0),
    crashes: rows.reduce((n, r) => n + r.crashes, 0),
    wallMs: rows.reduce((n, r) => n + r.wallMs, 0),
    figures: {
      runs: 0, completed: 0, failedAndAlerted: 0, lost: 0, outcomeMismatches: 0, emailNotOne: 0, slackNotOne: 0,
      emails: 0, slackMessages: 0, reportSetsMissing: 0, findings: [],
    },
  };
  for (const row of rows) {
    for (const key of Object.keys(total.figures) as (keyof RunFigures)[]) {
      if (key !== "findings") total.figures[key] += row.figures[key];
    }
  }
  const table = [COLUMNS, ...[...rows, ...(rows.length > 1 ? [total] : [])].map(cells)];
  const widths = COLUMNS.map((_, i) => Math.max(...table.map((line) => line[i]!.length)));
  return table.map((line) => line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ")).join("\n");
}
