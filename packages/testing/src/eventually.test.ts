import { describe, expect, it } from "vitest";
import { eventually } from "./eventually";

describe("eventually", () => {
  it("asks until the answer is neither undefined nor false, and returns it", async () => {
    let asked = 0;
    const answer = await eventually(
      "the third ask",
      () => (++asked < 3 ? (asked === 1 ? undefined : false) : { asked }),
      { intervalMs: 1 },
    );
    expect(answer).toEqual({ asked: 3 });
  });

  it("fails naming what it waited for and how long", async () => {
    await expect(
      eventually("a state that never comes", () => false, { timeoutMs: 30, intervalMs: 5 }),
    ).rejects.toThrow("timed out after 30 ms waiting for a state that never comes");
  });

  it("stops at once when the check throws", async () => {
    const started = Date.now();
    await expect(
      eventually(
        "a child that exited",
        () => {
          throw new Error("the child exited");
        },
        { timeoutMs: 10_000 },
      ),
    ).rejects.toThrow("the child exited");
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
