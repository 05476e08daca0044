import { ROLES, type Role } from "./roles";

/** Which claim lists a person's groups, and the groups that grant each role. */
export interface GroupRoles {
  claim: string;
  viewer: string[];
  operator: string[];
  admin: string[];
}

/** The claim's value as group names: a list, or one name (some providers send a lone string). */
export function groupsOf(claims: Record<string, unknown>, claim: string): string[] {
  const value = claims[claim];
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return [];
}

/** The highest role whose groups intersect the person's, or undefined when none does. */
export function roleFromGroups(groups: readonly string[], mapping: GroupRoles): Role | undefined {
  const held = new Set(groups);
  for (const role of [...ROLES].reverse()) {
    if (mapping[role].some((group) => held.has(group))) return role;
  }
  return undefined;
}

/** For the refusal page: which claim and groups were expected. */
export function expectedGroups(mapping: GroupRoles): string {
  return ROLES.filter((role) => mapping[role].length > 0)
    .map((role) => `${role}: ${mapping[role].join(", ")}`)
    .join("; ");
}
