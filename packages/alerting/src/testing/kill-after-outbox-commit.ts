// Test-only preload (node --import <this file>): SIGKILLs the process the moment a transaction
// that wrote an outbox event has committed, i.e. after the run's results are durable and before
// anything could publish the event. It patches pg.Client#query, which every pool client of the
// process uses, so the code under test runs unmodified. Never load it outside tests.
import { createRequire } from "node:module";
import { join } from "node:path";

// The same pg module instance @recon/db uses (pnpm links one copy per version).
const require = createRequire(join(import.meta.dirname, "../../../../packages/db/package.json"));
const pg = require("pg") as { Client: { prototype: { query: (...args: unknown[]) => unknown } } };

const original = pg.Client.prototype.query;
const wroteOutbox = new WeakSet<object>();

pg.Client.prototype.query = function patchedQuery(this: object, ...args: unknown[]): unknown {
  const first = args[0];
  const configText =
    typeof first === "object" && first !== null ? (first as { text?: unknown }).text : undefined;
  const text = typeof first === "string" ? first : typeof configText === "string" ? configText : "";
  if (/INSERT INTO outbox_events/i.test(text)) wroteOutbox.add(this);
  const result = original.apply(this, args);
  if (/^\s*COMMIT\s*$/i.test(text) && wroteOutbox.has(this) && result instanceof Promise) {
    return result.then(() => {
      process.stderr.write("kill-after-outbox-commit: transaction with an outbox event committed; SIGKILL\n");
      process.kill(process.pid, "SIGKILL");
      // Never settles: nothing after the commit runs in this process.
      return new Promise(() => undefined);
    });
  }
  if (/^\s*ROLLBACK\s*$/i.test(text)) wroteOutbox.delete(this);
  return result;
};
