/**
 * Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection"), with
 * their fullwidth and small-form look-alikes (＝＋－＠, ﹦﹢﹣﹫), which spreadsheets with East
 * Asian input normalise to the ASCII ones.
 */
const TRIGGERS = "=+\\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B";

/**
 * What a reader does not see before the first visible character, and a spreadsheet may skip:
 * whitespace (JavaScript's \s includes NBSP U+00A0 and the BOM U+FEFF), zero-width space,
 * non-joiner and joiner (U+200B-U+200D) and the word joiner (U+2060).
 */
const INVISIBLE = "\\s\u200B-\u200D\u2060\uFEFF";

/**
 * A cell is dangerous when it starts with tab or carriage return (on OWASP's list themselves),
 * or when a trigger is its first visible character, either at the start or right after a field
 * or line separator: a spreadsheet in a `;`-separated locale splits `x;=HYPERLINK(…)` into a
 * second cell that is a formula, and a reader without quoted line breaks starts a row after one.
 */
const FORMULA = new RegExp(`^[\\t\\r]|(?:^|[;,\\t\\r\\n])[${INVISIBLE}]*[${TRIGGERS}]`, "u");

/** RFC 4180 quotes a field with a comma, a double quote or a line break; `;` and tab too, for other locales' separators. */
const NEEDS_QUOTING = /[",;\t\r\n]/;

function quoted(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

/**
 * A free-text cell (ids, names, statuses, references): one that could be read as a formula gets
 * a leading single quote, so spreadsheets show it as text, and is always quoted, so no locale's
 * separator can split the formula back out of it (OWASP's advice); other cells are quoted only
 * when RFC 4180 (or a `;`/tab separator) needs it.
 */
export function textCell(value: string | null): string {
  if (value === null) return "";
  if (FORMULA.test(value)) return quoted(`'${value}`);
  return NEEDS_QUOTING.test(value) ? quoted(value) : value;
}

/**
 * A cell we generated ourselves (amounts, ISO dates): quoted if needed but never prefixed, so
 * a negative amount stays a number ("-12.50") for whoever parses the file.
 */
export function valueCell(value: string): string {
  return NEEDS_QUOTING.test(value) ? quoted(value) : value;
}
