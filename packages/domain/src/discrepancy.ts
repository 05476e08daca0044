/**
 * Discrepancy kinds, as named in reports, JSON and the database. These names are a contract
 * (docs/legacy-contract.md): never rename one.
 */
export const DISCREPANCY_KINDS = [
  "missing_in_internal",
  "missing_in_processor",
  "amount_mismatch",
  "currency_mismatch",
  "status_mismatch",
  "fee_mismatch",
  "duplicate",
  "timing",
] as const;
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];

/** Counts per kind with every kind present, so JSON consumers never miss a key. */
export type KindCounts = Record<DiscrepancyKind, number>;

export function emptyKindCounts(): KindCounts {
  return Object.fromEntries(DISCREPANCY_KINDS.map((kind) => [kind, 0])) as KindCounts;
}

/** One discrepancy found by the engine, with both sides where they exist. */
export interface Discrepancy {
  kind: DiscrepancyKind;
  processorExternalId: string | null;
  internalExternalId: string | null;
  currency: string;
  processorAmountMinor: bigint | null;
  internalAmountMinor: bigint | null;
  /** The money at stake, >= 0, in minor units of `currency`. */
  amountAtRiskMinor: bigint;
  reason: string;
}
