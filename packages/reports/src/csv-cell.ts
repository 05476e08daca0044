/**
 * Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection"); tab
 * and carriage return are on OWASP's list too. A text cell starting with one gets a leading
 * single quote so Excel and Sheets show it as text.
 */
const FORMULA_TRIGGERS = new Set(["=", "+", "-", "@", "\t", "\r"]);

/** RFC 4180: a field containing a comma, a double quote or a line break is quoted, quotes doubled. */
const NEEDS_QUOTING = /[",\r\n]/;

function quote(value: string): string {
  return NEEDS_QUOTING.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A free-text cell (ids, names, statuses): neutralised against formula injection, then quoted. */
export function textCell(value: string | null): string {
  if (value === null) return "";
  const safe = value.length > 0 && FORMULA_TRIGGERS.has(value[0]!) ? `'${value}` : value;
  return quote(safe);
}

/**
 * A cell we generated ourselves (amounts, ISO dates): quoted if needed but never prefixed, so
 * a negative amount stays a number ("-12.50") for whoever parses the file.
 */
export function valueCell(value: string): string {
  return quote(value);
}
