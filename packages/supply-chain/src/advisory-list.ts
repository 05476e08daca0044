import { readFile } from "node:fs/promises";
import semver from "semver";
import { z } from "zod";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");
const range = z
  .string()
  .refine((value) => semver.validRange(value) !== null, { message: "not a semver range" });

const advisorySchema = z.object({
  /** GHSA id, or our own id (recon-…) for an incident the database lists without one we know. */
  id: z.string().min(1),
  package: z.string().min(1),
  /** The vulnerable versions, as a semver range (`>=1.0.0 <1.6.0 || <0.28.0`, or one exact version). */
  vulnerable: range,
  severity: z.enum(["low", "moderate", "high", "critical"]),
  summary: z.string().min(1),
  url: z.url(),
  /** When it was added to this list. */
  recorded: day,
});

const acceptedSchema = z.object({
  id: z.string().min(1),
  package: z.string().min(1),
  /** The one locked version the acceptance covers: another version of the package is judged again. */
  version: z.string().refine((value) => semver.valid(value) !== null, { message: "not a version" }),
  reason: z.string().min(20, "say why the risk is accepted"),
  reviewed: day,
});

export const advisoryListSchema = z.object({
  /** The date the list was last brought up to date. */
  recorded: day,
  /** How the list was compiled and what it cannot know. */
  howCompiled: z.string().min(1),
  advisories: z.array(advisorySchema).min(1),
  /** Findings reviewed and accepted, each with its reason. */
  accepted: z.array(acceptedSchema).default([]),
});

export type AdvisoryList = z.infer<typeof advisoryListSchema>;
export type Advisory = AdvisoryList["advisories"][number];
export type AcceptedFinding = AdvisoryList["accepted"][number];

/** Reads and validates an advisory list; the error names the file and every bad field. */
export async function loadAdvisoryList(path: string): Promise<AdvisoryList> {
  const parsed = advisoryListSchema.safeParse(JSON.parse(await readFile(path, "utf8")));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`${path} is not a valid advisory list: ${problems.join("; ")}`);
  }
  return parsed.data;
}
