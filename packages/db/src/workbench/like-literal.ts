// Text a person searches for, inside a LIKE pattern.

/** `value` with LIKE's wildcards and escape character taken literally (use with ESCAPE '\\'). */
export function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
