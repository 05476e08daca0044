// `pnpm audit:offline`: the lockfile against the vendored advisory list; exits 1 on any open
// finding or stale acceptance. The same check runs in `pnpm test` (repository-lockfile.test.ts).
import { runMain } from "@recon/runtime";
import { loadAdvisoryList } from "./advisory-list";
import { checkAdvisories, describeCheck } from "./find-advisories";
import { readLockedPackages } from "./lockfile-packages";
import { REPOSITORY_ADVISORIES, REPOSITORY_LOCKFILE } from "./repository-files";

await runMain("audit:offline", async () => {
  const [locked, list] = await Promise.all([
    readLockedPackages(REPOSITORY_LOCKFILE),
    loadAdvisoryList(REPOSITORY_ADVISORIES),
  ]);
  const check = checkAdvisories(locked, list);
  for (const line of describeCheck(check, list, locked.length)) process.stdout.write(`${line}\n`);
  if (check.open.length > 0 || check.staleAcceptances.length > 0) {
    throw new Error(
      `${check.open.length} vulnerable version(s), ${check.staleAcceptances.length} stale acceptance(s): see above`,
    );
  }
});
