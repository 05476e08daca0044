import { describe, expect, it } from "vitest";
import { ProgressView } from "./progress-view";
import type { RunProgress } from "./watch-run";

function drawn(progress: RunProgress): string {
  let text = "";
  new ProgressView({ write: (chunk: string) => ((text += chunk), true) }).update(progress);
  // Without the cursor movements and line clearing (ESC [ n A, ESC [ 2 K).
  return text.split(String.fromCharCode(27)).map((part) => part.replace(/^\[[0-9]*[A-Z]/, "")).join("").trim();
}

const base: RunProgress = { processor: "stripe", stage: "done", fetched: { processor: 0, internal: 0 }, fromDatabase: false, pickedUp: true, rejected: 0 };

describe("the progress line", () => {
  it("counts what was fetched", () => {
    expect(drawn({ ...base, fetched: { processor: 203, internal: 202 } })).toBe("stripe   done ✓       fetched 203 processor / 202 ledger records");
  });

  it("with --no-fetch, says the records come from the database and how many were read, never 'fetched 0'", () => {
    const reconciling = drawn({ ...base, stage: "reconciling", fromDatabase: true });
    expect(reconciling).toBe("stripe   reconciling  nothing to fetch: the records stored in the database (--no-fetch)");
    const done = drawn({ ...base, fromDatabase: true, stored: { processor: 200, internal: 199 } });
    expect(done).toBe("stripe   done ✓       read 200 processor / 199 ledger records from the database (--no-fetch)");
    expect(done).not.toContain("fetched");
  });
});
