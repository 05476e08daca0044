import { describe, expect, it } from "vitest";
import { advisoryListSchema, type AdvisoryList } from "./advisory-list";
import { checkAdvisories } from "./find-advisories";
import { lockedPackages } from "./lockfile-packages";

const LOCKFILE = `lockfileVersion: '9.0'
importers:
  .:
    dependencies:
      axios:
        specifier: ^1.5.0
        version: 1.5.1
packages:
  axios@1.5.1:
    resolution: {integrity: sha512-x}
  axios@1.12.0:
    resolution: {integrity: sha512-x}
  '@grpc/grpc-js@1.10.8':
    resolution: {integrity: sha512-x}
  debug@4.4.2:
    resolution: {integrity: sha512-x}
  debug@4.4.3:
    resolution: {integrity: sha512-x}
  express@5.0.0-beta.2:
    resolution: {integrity: sha512-x}
  left-pad@https://codeload.github.com/x/left-pad/tar.gz/abc:
    resolution: {tarball: https://codeload.github.com/x/left-pad/tar.gz/abc}
snapshots:
  axios@1.5.1(debug@4.4.2):
    dependencies:
      debug: 4.4.2
`;

function list(overrides: Partial<AdvisoryList> = {}): AdvisoryList {
  const advisory = (id: string, pkg: string, vulnerable: string) => ({
    id,
    package: pkg,
    vulnerable,
    severity: "high",
    summary: `${pkg} is vulnerable`,
    url: `https://github.com/advisories/${id}`,
    recorded: "2026-12-02",
  });
  return advisoryListSchema.parse({
    recorded: "2026-12-02",
    howCompiled: "by hand, for this test",
    advisories: [
      advisory("GHSA-axio-0000-0001", "axios", "<0.28.0 || >=1.0.0 <1.6.0"),
      advisory("GHSA-grpc-0000-0001", "@grpc/grpc-js", ">=1.10.0 <1.10.9"),
      advisory("MALWARE-1", "debug", "4.4.2"),
      advisory("GHSA-expr-0000-0001", "express", ">=5.0.0-alpha.1 <5.0.0-beta.3"),
      advisory("GHSA-left-0000-0001", "left-pad", "<2.0.0"),
      advisory("GHSA-none-0000-0001", "not-installed", "*"),
    ],
    ...overrides,
  });
}

describe("lockedPackages", () => {
  it("lists each package version of the lockfile once, scoped names and pre-releases included", () => {
    expect(lockedPackages(LOCKFILE)).toEqual([
      { name: "@grpc/grpc-js", version: "1.10.8" },
      { name: "axios", version: "1.12.0" },
      { name: "axios", version: "1.5.1" },
      { name: "debug", version: "4.4.2" },
      { name: "debug", version: "4.4.3" },
      { name: "express", version: "5.0.0-beta.2" },
      { name: "left-pad", version: "https://codeload.github.com/x/left-pad/tar.gz/abc" },
    ]);
  });

  it("refuses a file that is not a pnpm lockfile", () => {
    expect(() => lockedPackages("name: recon\n")).toThrow("not a pnpm lockfile (no lockfileVersion)");
  });
});

describe("checkAdvisories", () => {
  it("finds every locked version inside a vulnerable range, and only those", () => {
    const check = checkAdvisories(lockedPackages(LOCKFILE), list());
    expect(check.open.map((f) => `${f.package}@${f.version} ${f.advisory.id}`)).toEqual([
      "@grpc/grpc-js@1.10.8 GHSA-grpc-0000-0001",
      "axios@1.5.1 GHSA-axio-0000-0001",
      "debug@4.4.2 MALWARE-1",
      "express@5.0.0-beta.2 GHSA-expr-0000-0001",
    ]);
    expect(check.unjudged).toEqual([
      { name: "left-pad", version: "https://codeload.github.com/x/left-pad/tar.gz/abc" },
    ]);
    expect(check.accepted).toEqual([]);
    expect(check.staleAcceptances).toEqual([]);
  });

  it("an acceptance covers its one version; one matching nothing is reported stale", () => {
    const reason = "reviewed: only reachable from a test server on loopback";
    const check = checkAdvisories(
      lockedPackages(LOCKFILE),
      list({
        accepted: [
          { id: "MALWARE-1", package: "debug", version: "4.4.2", reason, reviewed: "2026-12-02" },
          { id: "GHSA-axio-0000-0001", package: "axios", version: "1.4.0", reason, reviewed: "2026-12-02" },
        ],
      }),
    );
    expect(check.accepted.map((f) => `${f.package}@${f.version}`)).toEqual(["debug@4.4.2"]);
    expect(check.open.map((f) => `${f.package}@${f.version}`)).not.toContain("debug@4.4.2");
    expect(check.open.map((f) => `${f.package}@${f.version}`)).toContain("axios@1.5.1");
    expect(check.staleAcceptances.map((a) => `${a.package}@${a.version}`)).toEqual(["axios@1.4.0"]);
  });

  it("a list with a range semver cannot read is refused, naming the field", () => {
    const bad = { ...list(), advisories: [{ ...list().advisories[0]!, vulnerable: "before 1.6" }] };
    const parsed = advisoryListSchema.safeParse(bad);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`)).toEqual([
      "advisories.0.vulnerable: not a semver range",
    ]);
  });
});
