import { describe, expect, it } from "vitest";
import { mayTrigger } from "./env";
import { helpText, parseReconcileCommand } from "./parse-command";

describe("parseReconcileCommand", () => {
  const processors = ["stripe", "paypal"] as const;

  it("reads a processor and an optional date (default today)", () => {
    expect(parseReconcileCommand("paypal 2025-10-09", processors)).toEqual({ kind: "run", processor: "paypal", runDate: "2025-10-09" });
    expect(parseReconcileCommand("  Stripe  ", processors, "2026-01-02")).toEqual({ kind: "run", processor: "stripe", runDate: "2026-01-02" });
    expect(parseReconcileCommand("status", processors)).toEqual({ kind: "status" });
    expect(parseReconcileCommand("", processors)).toEqual({ kind: "help" });
  });

  it("names what is wrong", () => {
    expect(parseReconcileCommand("square", processors)).toEqual({ kind: "help", problem: 'unknown processor "square"' });
    expect(parseReconcileCommand("paypal 2025-02-30", processors)).toEqual({
      kind: "help",
      problem: 'invalid date "2025-02-30": no such calendar day',
    });
    expect(parseReconcileCommand("paypal 2025-10-09 now", processors)).toEqual({ kind: "help", problem: 'unexpected "now"' });
    expect(parseReconcileCommand("status all", processors)).toEqual({ kind: "help", problem: "`status` takes no arguments" });
  });

  it("accepts every processor of the registry by default, Adyen included", () => {
    expect(parseReconcileCommand("adyen 2025-10-09")).toEqual({ kind: "run", processor: "adyen", runDate: "2025-10-09" });
  });

  it("lists the valid processors in its help", () => {
    expect(helpText(processors, "unknown processor")).toMatch(/unknown processor[\s\S]*stripe, paypal/);
  });
});

describe("mayTrigger", () => {
  const access = { channels: new Set(["C1"]), users: new Set(["U9"]) };
  it("allows anyone in an allowed channel and allowed users anywhere, nobody else", () => {
    expect(mayTrigger(access, { channelId: "C1", userId: "U1" })).toBe(true);
    expect(mayTrigger(access, { channelId: "C2", userId: "U9" })).toBe(true);
    expect(mayTrigger(access, { channelId: "C2", userId: "U1" })).toBe(false);
  });
});
