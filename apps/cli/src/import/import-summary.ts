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
    lines.push(`quarantined (${result.rejected}), by line:`);
    for (const row of result.quarantined) lines.push(`  line ${row.line}  ${printable(row.externalId ?? "(no id)")}: ${printable(reasonAlone(row))}`);
    const rest = result.rejected - result.quarantined.length;
    if (rest > 0) lines.push(`  … and ${rest} more (each is in the rejected_records table with its line and reason)`);
  }
  return `${lines.join("\n")}\n`;
}

/** The reason without the "line N: " it starts with (the summary shows the line in a column of its own). */
function reasonAlone(row: ImportCsvResult["quarantined"][number]): string {
  const prefix = `line ${row.line}: `;
  return row.reason.startsWith(prefix) ? row.reason.slice(prefix.length) : row.reason;
}

/** `recon import --json`: the same facts as one object, the first quarantined rows with their line and reason, and how many more there are. */
export function importJson(file: string, result: ImportCsvResult) {
  const { conventions: c } = result;
  return {
    file,
    rows: result.rows,
    inserted: result.inserted,
    updated: result.updated,
    unchanged: result.unchanged,
    quarantined: result.rejected,
    identicalRepeats: result.identicalRepeats,
    quarantinedRows: result.quarantined.map((row) => ({ line: row.line, externalId: row.externalId, reason: reasonAlone(row) })),
    quarantinedNotListed: result.rejected - result.quarantined.length,
    readAs: { decimalSeparator: c.decimal, dateOrder: c.dateOrder, currency: c.currency, delimiter: c.delimiter },
    sha256: result.sha256,
  };
}
