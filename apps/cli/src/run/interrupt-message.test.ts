import { describe, expect, it } from "vitest";
import { interruptMessage } from "./interrupt-message";
import type { RunProgress } from "./watch-run";

function progress(processor: RunProgress["processor"], stage: RunProgress["stage"]): RunProgress {
  return { processor, stage, fetched: { processor: 0, internal: 0 }, fromDatabase: false, pickedUp: true, rejected: 0 };
}

describe("the message on Ctrl-C", () => {
  it("names the runs still in flight and their stage, and says they are taken up again, not failed, in-process", () => {
    const message = interruptMessage([progress("stripe", "reconciling"), progress("paypal", "done"), progress("adyen", "fetching")], { runDate: "2025-10-09", remote: false });
    expect(message).toMatch(/^recon: interrupted while stripe 2025-10-09 \(reconciling\), adyen 2025-10-09 \(fetching\) were in flight\. /);
    expect(message).not.toContain("paypal");
    expect(message).toContain("Nothing was cancelled or marked failed");
    expect(message).toContain("the run watchdog then marks its run failed");
  });

  it("says the fleet goes on with --remote, and what it was waiting for once every run had ended", () => {
    expect(interruptMessage([progress("stripe", "queued")], { runDate: "2025-10-09", remote: true })).toBe(
      "recon: interrupted while stripe 2025-10-09 (queued) was in flight. Only this command stopped: the fleet's workers go on with the work; `recon run --remote` again for the same day joins it and shows the result.\n",
    );
    expect(interruptMessage([progress("stripe", "done")], { runDate: "2025-10-09", remote: false })).toMatch(/^recon: interrupted while waiting for reports and alerts\. /);
  });
});
