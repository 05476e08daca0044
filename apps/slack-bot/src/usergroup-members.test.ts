import { describe, expect, it } from "vitest";
import { usergroupMembership } from "./usergroup-members";

describe("usergroupMembership", () => {
  it("caches lookups and fails closed when Slack cannot answer", async () => {
    let calls = 0;
    const isMember = usergroupMembership(async (group) => {
      calls += 1;
      if (group === "S_BROKEN") throw new Error("ratelimited");
      if (group === "S_SLOW") return new Promise<string[]>(() => undefined);
      return group === "S1" ? ["U1"] : [];
    }, 60_000, 50);
    expect(await isMember(["S1"], "U1")).toBe(true);
    expect(await isMember(["S1"], "U2")).toBe(false);
    expect(calls).toBe(1);
    expect(await isMember(["S_BROKEN", "S_SLOW"], "U1")).toBe(false);
    expect(await isMember(["S_BROKEN", "S1"], "U1")).toBe(true);
    expect(calls).toBe(4);
  });
});
