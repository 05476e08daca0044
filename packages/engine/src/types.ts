import type {
  Discrepancy,
  InternalTransaction,
  Processor,
  ProcessorTransaction,
  RunFigures,
} from "@recon/domain";

/** Either a streamed source (a DB cursor, a paginated API) or an in-memory list. */
export type RecordSource<T> = AsyncIterable<T> | Iterable<T>;

export interface ReconcileInput {
  /** The processor being reconciled; every record on both sides must belong to it. */
  processor: Processor;
  processorTransactions: RecordSource<ProcessorTransaction>;
  internalTransactions: RecordSource<InternalTransaction>;
}

/** A processor record and the ledger record that agree with it in every checked field. */
export interface MatchedPair {
  processorId: string;
  internalId: string;
}

export interface ReconcileResult {
  /** Pairs with no discrepancy, sorted by processorId then internalId. */
  matched: MatchedPair[];
  /** Every discrepancy, sorted by kind (DISCREPANCY_KINDS order) then ids. */
  discrepancies: Discrepancy[];
  /** The processor records behind the missing_in_internal discrepancies, sorted by externalId. */
  missingInInternal: ProcessorTransaction[];
  figures: RunFigures;
}
