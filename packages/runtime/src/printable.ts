/**
 * Characters a terminal acts on instead of showing: C0 controls (ESC starts colour, cursor and
 * title sequences, BEL rings, CR rewrites the line), DEL, C1 controls (U+009B is a one-character
 * CSI for some terminals) and the bidi overrides and isolates that reorder what follows them.
 * Tab is harmless and kept; a line break is kept only where the text is ours to lay out in lines.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- as above
const UNPRINTABLE_KEEPING_NEWLINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r" };

function escaped(char: string): string {
  const code = char.charCodeAt(0);
  return NAMED[char] ?? (code < 0x80 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`);
}

/**
 * Text from outside (a file's header, an id from an API, an error message quoting either) made
 * safe to print on a terminal: every control character is written as a visible escape, ESC as
 * `\x1b`, BEL as `\x07`, so the reader sees what the text holds and the terminal does nothing.
 * `keepNewlines` for multi-line text we lay out ourselves; otherwise a newline shows as `\n`, so
 * untrusted text cannot forge a line of output.
 */
export function printable(text: string, options: { keepNewlines?: boolean } = {}): string {
  return text.replace(options.keepNewlines ? UNPRINTABLE_KEEPING_NEWLINES : UNPRINTABLE, escaped);
}
