import { describe, expect, it } from "vitest";
import { nothingStoredWarnings } from "./nothing-stored";
import type { RunResultJson } from "./run-result";

function run(processor: string, processorCount: number, internalCount: number, status = "completed"): RunResultJson {
  return { processor, date: "2025-10-09", status, processor_transaction_count: processorCount, internal_transaction_count: internalCount } as RunResultJson;
}

describe("the --no-fetch warning", () => {
  it("names the processor, the day and each empty side", () => {
    expect(nothingStoredWarnings([run("stripe", 0, 0), run("paypal", 200, 199), run("square", 12, 0)])).toEqual([
      "recon: warning: stripe 2025-10-09: no stripe records and no ledger records stored for that day, so --no-fetch reconciled 0 processor / 0 ledger records and its figures and reports say nothing about the day; import it first (recon import) or run without --no-fetch",
      "recon: warning: square 2025-10-09: no ledger records stored for that day, so --no-fetch reconciled 12 processor / 0 ledger records and its figures and reports say nothing about the day; import it first (recon import) or run without --no-fetch",
    ]);
  });

  it("says nothing of a failed run (its error says why) or of a day with both sides stored", () => {
    expect(nothingStoredWarnings([run("stripe", 0, 0, "failed"), run("paypal", 1, 1)])).toEqual([]);
  });
});
