// Anchors in a real S3-compatible server (s3rver) and in a local REPORTS_DIR.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAuditAnchors, writeAuditAnchor } from "./audit-anchors";
import { startS3TestServer, type S3TestServer } from "./testing";

let s3: S3TestServer;
let reportsDir: string;
const context = { runId: "11111111-1111-4111-8111-111111111111", processor: "stripe", runDate: "2026-12-01" };
const hash = (c: string) => c.repeat(64);

beforeAll(async () => {
  s3 = await startS3TestServer();
  reportsDir = await mkdtemp(join(tmpdir(), "recon-anchors-"));
});

afterAll(async () => {
  await s3?.close();
  if (reportsDir) await rm(reportsDir, { recursive: true, force: true });
});

describe("audit anchors", () => {
  it("are written beside the reports, named by seq and hash, and read back from the bucket and the folder in seq order", async () => {
    const at = new Date("2026-12-01T04:05:06.789Z");
    const inBucket = await writeAuditAnchor({ head: { seq: 120n, hash: hash("b"), at }, context, s3: s3.store, reportsDir, sandbox: false });
    expect(inBucket).toBe(`s3://${s3.bucket}/audit-anchors/0000000000000000120-${hash("b")}.json`);
    const local = await writeAuditAnchor({ head: { seq: 9n, hash: hash("a"), at }, context, reportsDir, sandbox: false });
    expect(local).toBe(join(reportsDir, "audit-anchors", `0000000000000000009-${hash("a")}.json`));
    await writeAuditAnchor({ head: { seq: 1_000n, hash: hash("c"), at }, context, s3: s3.store, reportsDir, sandbox: false });

    const body = JSON.parse(await s3.getText(`audit-anchors/0000000000000000120-${hash("b")}.json`));
    expect(body).toMatchObject({ format: "recon-audit-anchor-v1", seq: "120", hash: hash("b"), entryAt: at.toISOString(), ...context });

    const read = await readAuditAnchors({ s3: s3.store, reportsDir, sandbox: false });
    expect(read.anchors.map((a) => [a.seq, a.hash[0], a.location.startsWith("s3://")])).toEqual([
      [9n, "a", false],
      [120n, "b", true],
      [1_000n, "c", true],
    ]);
    expect(read.searched).toEqual([`s3://${s3.bucket}/audit-anchors/`, join(reportsDir, "audit-anchors")]);
    expect((await readAuditAnchors({ reportsDir: join(reportsDir, "nowhere"), sandbox: false })).anchors).toEqual([]);
  });

  it("refuses a file in the anchors folder that is not an anchor, naming it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "recon-anchors-odd-"));
    try {
      await writeAuditAnchor({ head: { seq: 1n, hash: hash("d"), at: new Date() }, context, reportsDir: dir, sandbox: false });
      await writeFile(join(dir, "audit-anchors", "latest.json"), "{}");
      await expect(readAuditAnchors({ reportsDir: dir, sandbox: false })).rejects.toThrow(`${join(dir, "audit-anchors", "latest.json")} is not an audit anchor`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("keep a sandbox database's chain apart: its anchors go under sandbox/ and are never read as the real chain's", async () => {
    const dir = await mkdtemp(join(tmpdir(), "recon-anchors-modes-"));
    try {
      const at = new Date();
      const sandboxLocal = await writeAuditAnchor({ head: { seq: 7n, hash: hash("e"), at }, context, reportsDir: dir, sandbox: true });
      expect(sandboxLocal).toBe(join(dir, "sandbox", "audit-anchors", `0000000000000000007-${hash("e")}.json`));
      const sandboxInBucket = await writeAuditAnchor({ head: { seq: 8n, hash: hash("f"), at }, context, s3: s3.store, reportsDir: dir, sandbox: true });
      expect(sandboxInBucket).toBe(`s3://${s3.bucket}/sandbox/audit-anchors/0000000000000000008-${hash("f")}.json`);
      await writeAuditAnchor({ head: { seq: 3n, hash: hash("1"), at }, context, reportsDir: dir, sandbox: false });

      const real = await readAuditAnchors({ reportsDir: dir, sandbox: false });
      expect(real.anchors.map((a) => a.seq)).toEqual([3n]);
      const sandbox = await readAuditAnchors({ s3: s3.store, reportsDir: dir, sandbox: true });
      expect(sandbox.anchors.map((a) => [a.seq, a.hash[0]])).toEqual([
        [7n, "e"],
        [8n, "f"],
      ]);
      expect(sandbox.searched).toEqual([`s3://${s3.bucket}/sandbox/audit-anchors/`, join(dir, "sandbox", "audit-anchors")]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
