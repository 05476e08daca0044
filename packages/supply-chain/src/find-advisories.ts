import semver from "semver";
import type { AcceptedFinding, Advisory, AdvisoryList } from "./advisory-list";
import type { LockedPackage } from "./lockfile-packages";

/** A locked package version inside an advisory's vulnerable range. */
export interface Finding {
  package: string;
  version: string;
  advisory: Advisory;
  /** The review that accepted it, when one did. */
  accepted?: AcceptedFinding;
}

export interface AdvisoryCheck {
  /** Findings nobody accepted: each fails the check. */
  open: Finding[];
  /** Findings an `accepted` entry covers. */
  accepted: Finding[];
  /** `accepted` entries that match no finding any more (the package moved on): remove them. */
  staleAcceptances: AcceptedFinding[];
  /** Locked versions that are not semver (git or tarball dependencies): they cannot be judged. */
  unjudged: LockedPackage[];
}

/** Which locked versions lie inside an advisory's vulnerable range (pre-releases included). */
export function checkAdvisories(locked: readonly LockedPackage[], list: AdvisoryList): AdvisoryCheck {
  const byPackage = new Map<string, Advisory[]>();
  for (const advisory of list.advisories)
    byPackage.set(advisory.package, [...(byPackage.get(advisory.package) ?? []), advisory]);
  const findings: Finding[] = [];
  const unjudged: LockedPackage[] = [];
  for (const pkg of locked) {
    const advisories = byPackage.get(pkg.name);
    if (!advisories) continue;
    if (semver.valid(pkg.version) === null) {
      unjudged.push(pkg);
      continue;
    }
    for (const advisory of advisories) {
      if (!semver.satisfies(pkg.version, advisory.vulnerable, { includePrerelease: true })) continue;
      const accepted = list.accepted.find(
        (a) => a.id === advisory.id && a.package === pkg.name && a.version === pkg.version,
      );
      findings.push({ package: pkg.name, version: pkg.version, advisory, ...(accepted ? { accepted } : {}) });
    }
  }
  const used = new Set(findings.flatMap((finding) => (finding.accepted ? [finding.accepted] : [])));
  return {
    open: findings.filter((finding) => !finding.accepted),
    accepted: findings.filter((finding) => finding.accepted),
    staleAcceptances: list.accepted.filter((acceptance) => !used.has(acceptance)),
    unjudged,
  };
}

/** The check as lines for a terminal or a CI log. */
export function describeCheck(check: AdvisoryCheck, list: AdvisoryList, lockedCount: number): string[] {
  const line = (finding: Finding) =>
    `${finding.package}@${finding.version}: ${finding.advisory.id} (${finding.advisory.severity}) ${finding.advisory.summary}; vulnerable ${finding.advisory.vulnerable}; ${finding.advisory.url}`;
  return [
    `${lockedCount} locked package versions checked against ${list.advisories.length} advisories recorded up to ${list.recorded}`,
    ...check.open.map((finding) => `VULNERABLE ${line(finding)}`),
    ...check.accepted.map(
      (finding) =>
        `accepted ${line(finding)} (reviewed ${finding.accepted!.reviewed}: ${finding.accepted!.reason})`,
    ),
    ...check.staleAcceptances.map(
      (a) => `STALE acceptance ${a.id} for ${a.package}@${a.version}: no longer installed, remove it`,
    ),
    ...check.unjudged.map((pkg) => `not judged ${pkg.name}@${pkg.version}: not a registry version`),
  ];
}
