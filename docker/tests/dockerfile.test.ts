// Docker does not run on our CI machines, so the Dockerfile is read, not built: its final stage
// must carry the tree docker/assemble.mjs makes (which production-tree.test.ts inspects and runs)
// and nothing else, and run it as the image is documented to (docs/deploy-image.md).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

/** Instructions of a Dockerfile, one string each: comments dropped, continuation lines joined. */
function instructions(text: string): string[] {
  return text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim().replace(/\s+/g, " "))
    .filter((line) => line !== "" && !line.startsWith("#"));
}

const all = instructions(readFileSync(`${REPO}/docker/Dockerfile`, "utf8"));
const stageStarts = all.flatMap((line, index) => (line.startsWith("FROM ") ? [index] : []));
const buildStage = all.slice(stageStarts[0], stageStarts[1]);
const finalStage = all.slice(stageStarts.at(-1));

describe("docker/Dockerfile", () => {
  it("builds in a stage of its own with a frozen install and the tested assemble script", () => {
    expect(stageStarts).toHaveLength(2);
    expect(buildStage[0]).toBe("FROM node:24-slim AS build");
    expect(buildStage).toContain("RUN pnpm install --frozen-lockfile --offline");
    expect(buildStage.at(-1)).toBe("RUN node docker/assemble.mjs /app");
  });

  it("ships only the assembled tree, on the slim base, without a package manager", () => {
    expect(finalStage[0]).toBe("FROM node:24-slim");
    const copies = finalStage.filter((line) => line.startsWith("COPY ") || line.startsWith("ADD "));
    expect(copies).toEqual(["COPY --from=build /app /app"]);
    const removal = finalStage.find((line) => line.startsWith("RUN rm -rf"));
    for (const path of ["/usr/local/lib/node_modules", "/usr/local/bin/npm", "/usr/local/bin/npx", "/usr/local/bin/corepack"]) {
      expect(removal?.split(" ")).toContain(path);
    }
  });

  it("runs as uid 1000 in production mode, writing reports to /reports, through the entrypoint", () => {
    expect(finalStage).toContain("USER 1000:1000");
    const env = finalStage.filter((line) => line.startsWith("ENV ")).join(" ");
    expect(env).toContain("NODE_ENV=production");
    expect(env).toContain("REPORTS_DIR=/reports");
    expect(finalStage.find((line) => line.startsWith("RUN "))).toContain("install -d -o 1000 -g 1000 -m 0750 /reports");
    expect(finalStage).toContain('ENTRYPOINT ["/app/docker/entrypoint.sh"]');
    // USER comes before ENTRYPOINT/CMD and after every RUN: nothing runs as root at run time.
    const lastRun = finalStage.findLastIndex((line) => line.startsWith("RUN "));
    expect(finalStage.indexOf("USER 1000:1000")).toBeGreaterThan(lastRun);
  });

  it("leaves installed and built files of the host out of the build context", () => {
    const ignored = readFileSync(`${REPO}/.dockerignore`, "utf8").split("\n");
    for (const pattern of ["**/node_modules", "**/dist", ".git", ".env"]) expect(ignored).toContain(pattern);
  });
});
