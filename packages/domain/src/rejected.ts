import type { Source } from "./transaction";

/**
 * A record that failed validation. It is never dropped: it is stored in quarantine
 * (rejected_records) with its raw payload and the reason, counted on the run and listed in reports.
 */
export interface RejectedRecordInput {
  source: Source;
  /** The record's id when one could be read from it. */
  externalId: string | null;
  /** What was wrong, naming the field: `amount: expected a decimal string, got 12.3.4`. */
  reason: string;
  raw: unknown;
}
