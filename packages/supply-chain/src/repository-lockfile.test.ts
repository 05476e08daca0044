// The supply-chain gate of `pnpm test` (and so of .ci/run): no version pnpm-lock.yaml installs
// lies inside a range of the vendored advisory list (.ci/advisories.json) unless a reviewed
// acceptance covers it, and no acceptance outlives what it covered.
import { describe, expect, it } from "vitest";
import { loadAdvisoryList } from "./advisory-list";
import { checkAdvisories, describeCheck } from "./find-advisories";
import { readLockedPackages } from "./lockfile-packages";
import { REPOSITORY_ADVISORIES, REPOSITORY_LOCKFILE } from "./repository-files";

describe("the repository's lockfile against .ci/advisories.json", () => {
  it("installs no version an advisory names, except reviewed acceptances", async () => {
    const [locked, list] = await Promise.all([
      readLockedPackages(REPOSITORY_LOCKFILE),
      loadAdvisoryList(REPOSITORY_ADVISORIES),
    ]);
    expect(locked.length).toBeGreaterThan(100);
    const check = checkAdvisories(locked, list);
    const report = describeCheck(check, list, locked.length).join("\n");
    expect(check.open, report).toEqual([]);
    expect(check.staleAcceptances, report).toEqual([]);
  });
});
