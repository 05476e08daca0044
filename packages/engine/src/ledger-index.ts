import type { InternalTransaction, ProcessorTransaction } from "@recon/domain";
import { comparePair } from "./compare-pair";

/**
 * Hash index of ledger records by the processor id they name (processorRef). Each record can
 * be consumed once; what is never consumed is what the ledger has that the processor lacks.
 * Rows with no processorRef are kept aside for the reference, grouped and tolerance passes.
 */
export class LedgerIndex {
  private readonly byRef = new Map<string, InternalTransaction[]>();
  private readonly consumed = new Set<InternalTransaction>();
  private readonly refless: InternalTransaction[] = [];

  /** @param records unique-id ledger records in canonical order (that order breaks ties). */
  constructor(private readonly records: readonly InternalTransaction[]) {
    for (const record of records) {
      if (record.processorRef === null) {
        this.refless.push(record);
        continue;
      }
      const bucket = this.byRef.get(record.processorRef);
      if (bucket) bucket.push(record);
      else this.byRef.set(record.processorRef, [record]);
    }
  }

  /**
   * Consumes and returns the ledger record filed under `ref` that best fits `p`, or null.
   * When the ledger holds several rows for one ref (a charge and its refund, or a double
   * booking), a row that agrees with `p` is preferred, so the leftover is reported as the
   * duplicate rather than the good row as a mismatch; otherwise the first in canonical order.
   */
  take(ref: string, p: ProcessorTransaction): InternalTransaction | null {
    const bucket = this.byRef.get(ref);
    if (!bucket) return null;
    let fallback: InternalTransaction | null = null;
    for (const candidate of bucket) {
      if (this.consumed.has(candidate)) continue;
      if (comparePair(p, candidate) === null) return this.consume(candidate);
      fallback ??= candidate;
    }
    return fallback === null ? null : this.consume(fallback);
  }

  isConsumed(record: InternalTransaction): boolean {
    return this.consumed.has(record);
  }

  /** Unconsumed rows that name no processor id, in canonical order. */
  unconsumedWithoutRef(): InternalTransaction[] {
    return this.refless.filter((record) => !this.consumed.has(record));
  }

  /** Ledger records never consumed, in canonical order. */
  unconsumed(): InternalTransaction[] {
    return this.records.filter((record) => !this.consumed.has(record));
  }

  consume(record: InternalTransaction): InternalTransaction {
    if (this.consumed.has(record)) throw new Error(`ledger record ${record.externalId} consumed twice`);
    this.consumed.add(record);
    return record;
  }
}
