import type { CsvFormat } from "./csv-format";

/** A file whose header does not carry the format's columns: refused before any row is read. */
export class CsvColumnsError extends Error {
  override name = "CsvColumnsError";
  constructor(
    message: string,
    readonly missing: string[],
  ) {
    super(message);
  }
}

const squash = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, "");

/** Checks a header against the format, naming every missing column and any near-miss spelling. */
export function checkColumns(format: CsvFormat, header: readonly string[]): void {
  const present = new Set(header);
  const missing = format.required.filter((column) => !present.has(column));
  if (missing.length === 0) return;
  const hints = missing.map((column) => {
    const near = header.find((h) => squash(h) === squash(column));
    return near === undefined ? `"${column}"` : `"${column}" (found "${near}": names must match exactly)`;
  });
  throw new CsvColumnsError(
    `${format.title}: the header lacks ${missing.length === 1 ? "column" : "columns"} ${hints.join(", ")}; ` +
      `the header has: ${header.map((h) => `"${h}"`).join(", ") || "(nothing)"}. Nothing was imported.`,
    missing,
  );
}

/**
 * The field separator of a file, from its header line: the one of "," ";" and tab that splits
 * it into the most of the format's required columns ("," when none does; the header check then
 * says what is missing). European spreadsheets separate fields with ";" because "," is their
 * decimal separator.
 */
export function detectDelimiter(headerLine: string, format: CsvFormat): string {
  let best = { delimiter: ",", found: 0 };
  for (const delimiter of [",", ";", "\t"]) {
    const names = headerLine.split(delimiter).map((name) => name.trim().replace(/^\uFEFF/, "").replace(/^"(.*)"$/, "$1"));
    const found = format.required.filter((column) => names.includes(column)).length;
    if (found > best.found) best = { delimiter, found };
  }
  return best.delimiter;
}
