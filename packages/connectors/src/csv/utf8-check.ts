import { isUtf8 } from "node:buffer";

/** The file is not UTF-8: refused, naming the line and byte, before anything is stored. */
export class CsvEncodingError extends Error {
  override name = "CsvEncodingError";
}

/**
 * Checks a file's bytes are UTF-8 as they stream past (the first pass feeds it every chunk), so a
 * file saved as Latin-1 or Windows-1252 is refused instead of stored with its "é" turned into
 * "\uFFFD". Chunks may end inside a character: those bytes wait for the next chunk. Lines are
 * counted only to name where the first bad byte is.
 */
export class Utf8Check {
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes of the file before `pending`. */
  private offset = 0;
  /** The line `pending` starts on. */
  private line = 1;

  constructor(private readonly title: string) {}

  push(chunk: Buffer): void {
    const bytes = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const end = lastCharacterStart(bytes);
    const whole = bytes.subarray(0, end);
    if (!isUtf8(whole)) this.refuse(whole);
    this.line += countNewlines(whole);
    this.offset += end;
    this.pending = Buffer.from(bytes.subarray(end));
  }

  /** The file ended: a character it left unfinished is not UTF-8 either. */
  end(): void {
    if (this.pending.length > 0) this.refuse(this.pending);
  }

  private refuse(bytes: Buffer): never {
    const at = firstInvalidByte(bytes);
    const line = this.line + countNewlines(bytes.subarray(0, at));
    const byte = bytes[at];
    const shown = byte === undefined ? "an unfinished character at the end" : `byte 0x${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    throw new CsvEncodingError(
      `${this.title}: the file is not UTF-8: line ${line} (byte ${this.offset + at + 1} of the file) has ${shown}, ` +
        `as a file saved as Latin-1, Windows-1252 or UTF-16 would; save it as UTF-8 (CSV UTF-8 in Excel) and import it again. Nothing was imported.`,
    );
  }
}

/** Where the last character of `bytes` starts when it is cut short, else the length (ASCII and whole characters). */
function lastCharacterStart(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: its lead is further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

function countNewlines(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) count++;
  return count;
}

/**
 * The offset of the first byte that does not start a well-formed UTF-8 character (the Unicode
 * standard's table 3-7: no overlong forms, no surrogates, nothing past U+10FFFF), or the length
 * when every character is whole.
 */
function firstInvalidByte(bytes: Buffer): number {
  let at = 0;
  while (at < bytes.length) {
    const lead = bytes[at]!;
    if (lead < 0x80) {
      at++;
      continue;
    }
    const continuations = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : -1;
    if (continuations === -1) return at;
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    const second = bytes[at + 1];
    if (second === undefined || second < low || second > high) return at;
    for (let k = 2; k <= continuations; k++) {
      const next = bytes[at + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return at;
    }
    at += continuations + 1;
  }
  return bytes.length;
}
