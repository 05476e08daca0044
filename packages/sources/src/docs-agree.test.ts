import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { sourcesEnv } from "./source-settings";

/** The repository root: this file is packages/sources/src/docs-agree.test.ts. */
const ROOT = resolve(import.meta.dirname, "../../..");

/** The text under a markdown `## heading`, up to the next heading of that level. */
function section(file: string, heading: string): string {
  const text = readFileSync(resolve(ROOT, file), "utf8");
  const start = text.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`${file} has no "## ${heading}" section`);
  const end = text.indexOf("\n## ", start + 1);
  return end < 0 ? text.slice(start) : text.slice(start, end);
}

/**
 * The variables named in the first cell of each row of a settings table. A row may name several,
 * the later ones by their last part only, as the README does: `FETCH_RATE_STRIPE`, `_PAYPAL`
 * stands for FETCH_RATE_STRIPE and FETCH_RATE_PAYPAL (the first name less its last part, then the
 * suffix).
 */
function tableVariables(markdown: string): Set<string> {
  const names = new Set<string>();
  for (const line of markdown.split("\n")) {
    const firstCell = /^\|([^|]*)\|/.exec(line)?.[1];
    if (firstCell === undefined) continue;
    let prefix: string | null = null;
    for (const [, name] of firstCell.matchAll(/`([A-Z0-9_]+)`/g)) {
      if (name!.startsWith("_")) {
        if (prefix !== null) names.add(`${prefix}${name}`);
        continue;
      }
      names.add(name!);
      prefix = prefix ?? name!.replace(/_[A-Z0-9]+$/, "");
    }
  }
  return names;
}

describe("the docs name every source setting", () => {
  const readme = tableVariables(section("README.md", "Configuration"));
  const sourcesDoc = tableVariables(section("docs/sources.md", "Configuration"));

  it("reads the README's rows that name several variables by their suffix", () => {
    expect(tableVariables("| `FETCH_RATE_STRIPE`, `_PAYPAL` | `25`, `10` | rate |\n| `A_B` | — | x |")).toEqual(
      new Set(["FETCH_RATE_STRIPE", "FETCH_RATE_PAYPAL", "A_B"]),
    );
  });

  it.each(Object.keys(sourcesEnv.shape))("%s is in README.md's or docs/sources.md's configuration table", (name) => {
    expect(readme.has(name) || sourcesDoc.has(name), `document ${name} in README.md ("## Configuration") or docs/sources.md ("## Configuration")`).toBe(true);
  });
});
