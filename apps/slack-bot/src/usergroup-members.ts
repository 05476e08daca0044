/** Looks up the members of a user group (Slack's usergroups.users.list). */
export type ListUsergroupMembers = (usergroup: string) => Promise<readonly string[]>;

/**
 * Caches user group membership for `ttlMs` (default 60 s): checking it on every command would
 * spend Slack's rate limit, and a minute's delay after someone leaves a group is acceptable.
 * A failed or slow lookup (over `lookupTimeoutMs`, default 1.5 s, as the command must be
 * acknowledged within Slack's 3 s) is not cached and counts as "not a member" (fail closed).
 */
export function usergroupMembership(list: ListUsergroupMembers, ttlMs = 60_000, lookupTimeoutMs = 1_500) {
  const cache = new Map<string, { members: ReadonlySet<string>; until: number }>();
  return async (usergroups: Iterable<string>, userId: string): Promise<boolean> => {
    for (const usergroup of usergroups) {
      let entry = cache.get(usergroup);
      if (!entry || entry.until < Date.now()) {
        try {
          let timer: NodeJS.Timeout | undefined;
          const members = await Promise.race([
            list(usergroup),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new Error("user group lookup timed out")), lookupTimeoutMs);
            }),
          ]).finally(() => clearTimeout(timer));
          entry = { members: new Set(members), until: Date.now() + ttlMs };
          cache.set(usergroup, entry);
        } catch {
          continue;
        }
      }
      if (entry.members.has(userId)) return true;
    }
    return false;
  };
}
