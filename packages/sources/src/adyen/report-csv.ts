/** A cell as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break. */
function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A report file: the header line, then one line per row (absent cells empty), CRLF line ends. */
export function writeReportCsv(columns: readonly string[], rows: readonly Record<string, string>[]): string {
  const lines = [columns.map(csvCell).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c] ?? "")).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
