import { createHash } from "node:crypto";

/** Namespace of recon's name-based UUIDs (a fixed random UUID). */
const NAMESPACE = "6f1f4c1e-8a53-4b0c-9d0b-2f6f3e9c7a41";

/**
 * A name-based (version 5) UUID: the same name always gives the same id. Events get ids derived
 * from the job that emits them, so a retried job re-emits the same event rather than a second one.
 */
export function deterministicUuid(name: string): string {
  const namespace = Buffer.from(NAMESPACE.replaceAll("-", ""), "hex");
  const hash = createHash("sha1").update(namespace).update(name, "utf8").digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of the event a run job emits for an outcome. */
export function runEventId(jobId: string, outcome: "completed" | "failed"): string {
  return deterministicUuid(`${jobId}:run.${outcome}`);
}
