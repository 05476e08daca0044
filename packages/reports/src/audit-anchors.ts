// Audit anchors: the audit chain's head (seq and hash) recorded outside the database, beside the
// reports, each time a run's reports are stored. `recon audit verify` reads them back: a table
// with fewer entries than an anchor, or another hash at an anchored seq, was truncated or
// rewritten. The object's NAME carries seq and hash, so verify needs one listing and no reads;
// its body repeats them with context for people. In a bucket with S3 Object Lock (compliance
// mode) nobody can delete or overwrite an anchor before its retention ends.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { paginateListObjectsV2 } from "@aws-sdk/client-s3";
import { putReportObject, s3Uri, type S3ReportStore } from "./s3-report-store";
import { reportsRootOf } from "./store-report-files";
import { writeFilesAtomically } from "./write-reports-to-directory";

/** The S3 key prefix, and the folder under REPORTS_DIR, of the anchors. */
export const AUDIT_ANCHOR_FOLDER = "audit-anchors";

/** `<seq, 19 digits>-<hash>.json`: name order is seq order. */
const NAME = /^(\d{19})-([0-9a-f]{64})\.json$/;

export interface AuditChainHeadToAnchor {
  seq: bigint;
  hash: string;
  /** When the head entry was written. */
  at: Date;
}

/** What the anchor's body says besides seq and hash: the run whose reports it was stored with. */
export interface AuditAnchorContext {
  runId: string;
  processor: string;
  runDate: string;
}

export interface StoredAuditAnchor {
  seq: bigint;
  hash: string;
  /** `s3://bucket/audit-anchors/…` or a local path. */
  location: string;
}

export function auditAnchorName(seq: bigint, hash: string): string {
  const name = `${seq.toString().padStart(19, "0")}-${hash}.json`;
  if (!NAME.test(name)) throw new Error(`not an audit chain head: seq ${seq}, hash "${hash}"`);
  return name;
}

function parseName(name: string, location: string): StoredAuditAnchor {
  const match = NAME.exec(name);
  if (!match) throw new Error(`${location} is not an audit anchor (expected <19-digit seq>-<sha256 hex>.json): remove it or find out who wrote it`);
  return { seq: BigInt(match[1]!), hash: match[2]!, location };
}

export interface WriteAuditAnchorOptions {
  head: AuditChainHeadToAnchor;
  context: AuditAnchorContext;
  /** The bucket, when the run's reports went there; otherwise the anchor goes to `reportsDir`. */
  s3?: S3ReportStore | undefined;
  reportsDir: string;
  /**
   * A sandbox database has its own chain: its anchors go under `sandbox/` (as its reports do),
   * so they are never compared with the real database's chain.
   */
  sandbox: boolean;
}

/** Where one mode's anchors live, in the bucket and under REPORTS_DIR. */
function anchorFolders(reportsDir: string, sandbox: boolean): { key: string; directory: string } {
  return {
    key: `${sandbox ? "sandbox/" : ""}${AUDIT_ANCHOR_FOLDER}/`,
    directory: join(reportsRootOf(reportsDir, sandbox), AUDIT_ANCHOR_FOLDER),
  };
}

/** Stores the anchor beside the reports; returns where. Writing the same head again is harmless. */
export async function writeAuditAnchor(options: WriteAuditAnchorOptions): Promise<string> {
  const { head, context } = options;
  const name = auditAnchorName(head.seq, head.hash);
  const body = `${JSON.stringify(
    {
      format: "recon-audit-anchor-v1",
      seq: head.seq.toString(),
      hash: head.hash,
      entryAt: head.at.toISOString(),
      writtenAt: new Date().toISOString(),
      ...context,
    },
    null,
    2,
  )}\n`;
  const folders = anchorFolders(options.reportsDir, options.sandbox);
  if (options.s3) {
    const key = `${folders.key}${name}`;
    await putReportObject(options.s3, key, body, "application/json");
    return s3Uri(options.s3.bucket, key);
  }
  const paths = await writeFilesAtomically(folders.directory, [{ kind: "anchor", name, body }]);
  return paths.anchor;
}

export interface ReadAuditAnchorsOptions {
  /** The bucket (S3_BUCKET), when configured. */
  s3?: S3ReportStore | undefined;
  /** Always read too: reports (and their anchors) fall back to it when S3 fails. */
  reportsDir: string;
  /** Read the sandbox database's anchors (RECON_SANDBOX), not the real one's. */
  sandbox: boolean;
}

export interface AuditAnchors {
  anchors: StoredAuditAnchor[];
  /** Where they were looked for, to say so. */
  searched: string[];
}

/** Every anchor in the bucket and in REPORTS_DIR, in seq order. */
export async function readAuditAnchors(options: ReadAuditAnchorsOptions): Promise<AuditAnchors> {
  const anchors: StoredAuditAnchor[] = [];
  const searched: string[] = [];
  const folders = anchorFolders(options.reportsDir, options.sandbox);
  if (options.s3) {
    const { bucket, client } = options.s3;
    const prefix = folders.key;
    searched.push(s3Uri(bucket, prefix));
    for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix })) {
      for (const object of page.Contents ?? []) {
        const key = object.Key!;
        anchors.push(parseName(key.slice(prefix.length), s3Uri(bucket, key)));
      }
    }
  }
  const directory = folders.directory;
  searched.push(directory);
  const names = await readdir(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  // Dot files are the atomic writer's temporaries (and editors' droppings).
  for (const name of names.filter((n) => !n.startsWith("."))) anchors.push(parseName(name, join(directory, name)));
  anchors.sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
  return { anchors, searched };
}
