import { describe, expect, it } from "vitest";
import { oneLine, runMain } from "./run-main";

describe("runMain", () => {
  it("prints one line naming the process and the cause, and exits 1", async () => {
    const lines: string[] = [];
    const codes: number[] = [];
    await runMain(
      "fetch-worker",
      () => Promise.reject(new Error("invalid configuration:\n  PAYPAL_CLIENT_SECRET: missing\n  FETCH_SLICES: too big")),
      { write: (line) => lines.push(line), exit: (code) => codes.push(code) },
    );
    expect(lines).toEqual(["fetch-worker: invalid configuration: PAYPAL_CLIENT_SECRET: missing; FETCH_SLICES: too big\n"]);
    expect(codes).toEqual([1]);
  });

  it("masks the password of a URL the message quotes", async () => {
    const lines: string[] = [];
    await runMain("recon", () => Promise.reject(new Error("cannot reach redis://:s3cret-pw@cache:6379")), { write: (line) => lines.push(line), exit: () => undefined });
    expect(lines).toEqual(["recon: cannot reach redis://:***@cache:6379\n"]);
  });

  it("neither prints nor exits when main succeeds", async () => {
    const calls: unknown[] = [];
    await runMain("scheduler", () => Promise.resolve(), { write: (line) => calls.push(line), exit: (code) => calls.push(code) });
    expect(calls).toEqual([]);
  });

  it("turns anything thrown into one line", () => {
    expect(oneLine("plain")).toBe("plain");
    expect(oneLine(new Error("a\n\n  b"))).toBe("a; b");
  });
});
