import { describe, expect, it } from "vitest";
import { safeReturnTo } from "./return-to";

describe("the page to go back to after sign-in", () => {
  it("keeps a path on this dashboard, with its query", () => {
    expect(safeReturnTo("/runs?day=2025-10-09")).toBe("/runs?day=2025-10-09");
    expect(safeReturnTo("/breaks/12")).toBe("/breaks/12");
  });

  it("turns anything that could leave the dashboard, or loop, into /", () => {
    for (const target of [
      "//evil.example/x",
      "https://evil.example/",
      "/\\evil.example",
      "\\\\evil.example",
      "/\tevil",
      "javascript:alert(1)",
      "evil.example",
      "",
      "/auth/login",
      "/auth/callback?code=1",
      "/auth/logout",
      undefined,
      ["/runs"],
    ]) {
      expect(safeReturnTo(target), String(target)).toBe("/");
    }
  });
});
