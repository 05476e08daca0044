import { describe, expect, it } from "vitest";
import { expectedGroups, groupsOf, roleFromGroups, type GroupRoles } from "./group-roles";

const MAPPING: GroupRoles = { claim: "groups", viewer: ["finance", "auditors"], operator: ["recon-ops"], admin: ["platform"] };

describe("roles from the groups claim", () => {
  it("gives the highest role whose groups the person is in", () => {
    expect(roleFromGroups(["auditors"], MAPPING)).toBe("viewer");
    expect(roleFromGroups(["finance", "recon-ops"], MAPPING)).toBe("operator");
    expect(roleFromGroups(["platform", "finance"], MAPPING)).toBe("admin");
  });

  it("gives none to someone in no configured group (names are exact)", () => {
    expect(roleFromGroups([], MAPPING)).toBeUndefined();
    expect(roleFromGroups(["Recon-Ops", "staff"], MAPPING)).toBeUndefined();
  });

  it("reads the claim as a list or a lone name, ignoring anything else", () => {
    expect(groupsOf({ groups: ["a", 1, "b"] }, "groups")).toEqual(["a", "b"]);
    expect(groupsOf({ roles: "recon-ops" }, "roles")).toEqual(["recon-ops"]);
    expect(groupsOf({ groups: { a: 1 } }, "groups")).toEqual([]);
    expect(groupsOf({}, "groups")).toEqual([]);
  });

  it("names the groups expected, for the refusal page", () => {
    expect(expectedGroups({ ...MAPPING, admin: [] })).toBe("viewer: finance, auditors; operator: recon-ops");
  });
});
