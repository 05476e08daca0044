import { printable } from "./printable";
import { maskUrlCredentials } from "./url-credentials";

/**
 * The top of every process: runs `main`, and when it fails at start (bad configuration, a port in
 * use, Postgres or Redis unreachable) prints ONE line naming the cause and exits 1 at once.
 * Exiting explicitly matters: a failed start may leave handles open (a Redis connection retrying
 * forever, a sandbox server) that would otherwise keep the process alive after the message.
 */
export async function runMain(
  name: string,
  main: () => Promise<unknown>,
  io: { write?: (line: string) => void; exit?: (code: number) => void } = {},
): Promise<void> {
  try {
    await main();
  } catch (error) {
    // The URL masking is a safety net: messages naming a URL should mask it themselves.
    (io.write ?? ((line) => process.stderr.write(line)))(`${name}: ${maskUrlCredentials(oneLine(error))}\n`);
    (io.exit ?? process.exit)(1);
  }
}

/**
 * An error's message as one printable terminal line: "invalid configuration:\n  A: x\n  B: y" →
 * "invalid configuration: A: x; B: y". Messages quote untrusted text (a file's header, an API's
 * answer), so control characters left inside the line are shown escaped, never sent raw.
 */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  return printable(lines.reduce((joined, line) => (joined === "" ? line : `${joined}${joined.endsWith(":") ? " " : "; "}${line}`), ""));
}
