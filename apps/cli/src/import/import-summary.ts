import type { ImportCsvResult } from "@recon/ingest";
import { printable } from "@recon/runtime";

const ORDER_SHOWN = { ymd: "YYYY-MM-DD", mdy: "MM/DD/YYYY", dmy: "DD/MM/YYYY" } as const;

/**
 * What `recon import` prints on stdout: the counts, how the file was read (so a misreading would
 * show at once), identical repeats, and the first quarantined rows with their reasons. Ids and
 * reasons quote the file, so they are shown printable: a cell cannot drive the terminal.
 */
export function importSummary(file: string, result: ImportCsvResult, hasLocalDates: boolean): string {
  const { conventions: c } = result;
  const lines = [
    `imported ${printable(file)}: ${result.rows} rows, ${result.inserted} new, ${result.updated} updated, ` +
      `${result.unchanged} unchanged, ${result.rejected} quarantined`,
    `read as: decimal separator "${c.decimal}", ${hasLocalDates ? `dates ${ORDER_SHOWN[c.dateOrder]}` : "ISO 8601 timestamps"}, ` +
      `${c.currency === null ? "currency from each row" : `currency ${c.currency}`}, fields separated by ${c.delimiter === "\t" ? "tabs" : `"${c.delimiter}"`}`,
  ];
  if (result.identicalRepeats > 0) {
    lines.push(`${result.identicalRepeats} ${result.identicalRepeats === 1 ? "row repeats" : "rows repeat"} an earlier row exactly (same id, same cells): stored once`);
  }
  if (result.rejected > 0) {
    lines.push(`quarantined (${result.rejected}${result.rejected > result.quarantined.length ? `, first ${result.quarantined.length} shown` : ""}):`);
    for (const row of result.quarantined) lines.push(`  ${printable(row.externalId ?? "(no id)")}: ${printable(row.reason)}`);
  }
  return `${lines.join("\n")}\n`;
}
