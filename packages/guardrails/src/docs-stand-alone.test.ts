// The docs must stand alone: a reader of a clone has only the repository, so every link in the
// markdown must reach a file in it (and every `#anchor` a heading of its page), and nothing may
// send the reader to the design notes the project started from, which live outside it.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/** The repository root: this file is packages/guardrails/src/docs-stand-alone.test.ts. */
const ROOT = resolve(import.meta.dirname, "../../..");
const SKIPPED_DIRECTORIES = new Set([
  "node_modules",
  ".git",
  ".turbo",
  "dist",
  "generated",
  "coverage",
  "reports",
  "cdk.out",
]);

function filesUnder(directory: string, keep: (name: string) => boolean): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) found.push(...filesUnder(join(directory, entry.name), keep));
    } else if (keep(entry.name)) {
      found.push(join(directory, entry.name));
    }
  }
  return found;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** Every broken link of one markdown page: a relative target that is not a file, or an unknown `#anchor` of the page itself. */
function brokenLinks(markdown: string, exists: (target: string) => boolean): string[] {
  const withoutCode = markdown.replace(/^```[\s\S]*?^```$/gm, "");
  const anchors = new Set([...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((m) => headingAnchor(m[1]!)));
  const broken: string[] = [];
  for (const [, target] of withoutCode.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target!)) continue; // https:, mailto: …
    const [path, anchor] = target!.split("#");
    if (path) {
      if (!exists(path)) broken.push(target!);
    } else if (anchor !== undefined && !anchors.has(anchor)) {
      broken.push(target!);
    }
  }
  return broken;
}

/** Names of the outside design notes the project started from: never a reference for a reader. */
const OUTSIDE_DOCUMENTS = /\.\.\/shared\/|shared\/reference\/|legacy-tool\.md|ARCHITECTURE\.md/;

describe("brokenLinks", () => {
  it("finds a missing file and an unknown anchor, and accepts the rest", () => {
    const page =
      "# Title\n## Node.js versions\n[a](docs/a.md) [b](docs/b.md#x) [c](#nodejs-versions) [d](#nope) [e](https://x.org/y)\n";
    expect(brokenLinks(page, (path) => path === "docs/a.md")).toEqual(["docs/b.md#x", "#nope"]);
  });
});

describe("the docs stand alone", () => {
  const markdown = filesUnder(ROOT, (name) => name.endsWith(".md"));
  const sources = filesUnder(ROOT, (name) => /\.(md|ts|mjs|cjs|js|ya?ml|sh)$/.test(name) || name === "run");

  it("finds the pages it checks", () => {
    expect(markdown.map((file) => relative(ROOT, file))).toEqual(
      expect.arrayContaining(["README.md", "docs/architecture.md", "docs/legacy-contract.md"]),
    );
  });

  it.each(markdown.map((file) => [relative(ROOT, file), file]))(
    "%s links only to files in the repository",
    (_, file) => {
      const exists = (target: string) => existsSync(resolve(dirname(file), decodeURIComponent(target)));
      expect(brokenLinks(readFileSync(file, "utf8"), exists)).toEqual([]);
    },
  );

  it("no file sends the reader to design notes outside the repository", () => {
    const offenders = sources
      .filter((file) => file !== resolve(import.meta.filename))
      .filter((file) => OUTSIDE_DOCUMENTS.test(readFileSync(file, "utf8")))
      .map((file) => relative(ROOT, file));
    expect(
      offenders,
      "say it in the repository's own docs (docs/legacy-contract.md, docs/architecture.md) and point there",
    ).toEqual([]);
  });
});
