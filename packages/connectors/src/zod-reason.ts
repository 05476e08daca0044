import type { z } from "zod";

/** A quarantine reason naming each failing field: `amount: expected string, received number`. */
export function zodReason(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join(".") : "record"}: ${issue.message}`)
    .join("; ");
}

/** The record's id when one can be read, so quarantine rows stay traceable. */
export function readId(raw: unknown): string | null {
  if (typeof raw === "object" && raw !== null && "id" in raw) {
    const id = raw.id;
    if (typeof id === "string" && id.length > 0) return id;
  }
  return null;
}
