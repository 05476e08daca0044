import {
  DISCREPANCY_KINDS,
  type Discrepancy,
  type InternalTransaction,
  type ProcessorTransaction,
} from "@recon/domain";

/**
 * Total orders used wherever the engine must choose or list records, so that its output is a
 * function of the input *set*, never of the order the records arrived in. Strings compare by
 * code unit (not locale) so the order is the same on every machine.
 */

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareNullableStrings(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return compareStrings(a, b);
}

export function compareBigints(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareNullableBigints(a: bigint | null, b: bigint | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return compareBigints(a, b);
}

/**
 * Raw payloads compare by their JSON text: the last tie-break, so two copies of one id that
 * differ only in what the source sent still have a fixed order (which copy is kept, which is the
 * duplicate). Only reached when every normalised field is equal, so its cost is rare.
 */
function compareRaw(a: unknown, b: unknown): number {
  return compareStrings(rawText(a), rawText(b));
}

function rawText(raw: unknown): string {
  return (
    JSON.stringify(raw, (_key, value: unknown) =>
      typeof value === "bigint" ? `${value.toString()}n` : value,
    ) ?? ""
  );
}

function firstNonZero(...results: (() => number)[]): number {
  for (const result of results) {
    const value = result();
    if (value !== 0) return value;
  }
  return 0;
}

/**
 * Processor records: earliest first (a charge before the refund that shares its related ids),
 * then id, then every normalised field and the raw payload so even same-id duplicates have a fixed order.
 */
export function compareProcessorRecords(a: ProcessorTransaction, b: ProcessorTransaction): number {
  return firstNonZero(
    () => a.occurredAt.getTime() - b.occurredAt.getTime(),
    () => compareStrings(a.externalId, b.externalId),
    () => compareStrings(a.currency, b.currency),
    () => compareBigints(a.grossMinor, b.grossMinor),
    () => compareBigints(a.feeMinor, b.feeMinor),
    () => compareBigints(a.netMinor, b.netMinor),
    () => compareStrings(a.status, b.status),
    () => compareStrings(a.rawStatus, b.rawStatus),
    () => compareStrings(a.type, b.type),
    () => compareStrings(a.relatedIds.join("\u0000"), b.relatedIds.join("\u0000")),
    () => compareNullableStrings(a.reference, b.reference),
    () => compareNullableStrings(a.merchantId, b.merchantId),
    () => compareRaw(a.raw, b.raw),
  );
}

/** Ledger records: by the ledger's id, then every normalised field and the raw payload (same-id duplicates). */
export function compareLedgerRecords(a: InternalTransaction, b: InternalTransaction): number {
  return firstNonZero(
    () => compareStrings(a.externalId, b.externalId),
    () => a.occurredAt.getTime() - b.occurredAt.getTime(),
    () => compareNullableStrings(a.processorRef, b.processorRef),
    () => compareStrings(a.currency, b.currency),
    () => compareBigints(a.grossMinor, b.grossMinor),
    () => compareNullableBigints(a.feeMinor, b.feeMinor),
    () => compareStrings(a.status, b.status),
    () => compareNullableStrings(a.reference, b.reference),
    () => compareRaw(a.raw, b.raw),
  );
}

const KIND_RANK = new Map<string, number>(DISCREPANCY_KINDS.map((kind, index) => [kind, index]));

/** Discrepancies: by kind in the contract's order, then processor id, then ledger id. */
export function compareDiscrepancies(a: Discrepancy, b: Discrepancy): number {
  return firstNonZero(
    () => (KIND_RANK.get(a.kind) ?? 0) - (KIND_RANK.get(b.kind) ?? 0),
    () => compareNullableStrings(a.processorExternalId, b.processorExternalId),
    () => compareNullableStrings(a.internalExternalId, b.internalExternalId),
    () => compareStrings(a.currency, b.currency),
    () => compareNullableBigints(a.processorAmountMinor, b.processorAmountMinor),
    () => compareNullableBigints(a.internalAmountMinor, b.internalAmountMinor),
    () => compareBigints(a.amountAtRiskMinor, b.amountAtRiskMinor),
    () => compareStrings(a.reason, b.reason),
  );
}
