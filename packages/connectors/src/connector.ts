import type { InternalTransaction, Processor, ProcessorTransaction, RejectedRecordInput } from "@recon/domain";

/** A [start, end) time window. */
export interface FetchWindow {
  start: Date;
  end: Date;
}

/**
 * One page of a fetch: the records that validated and the ones that did not. Pages let the
 * fetch worker write set-based batches and report progress; rejects go to quarantine, never away.
 */
export interface FetchPage<T> {
  records: T[];
  rejected: RejectedRecordInput[];
}

export interface ProcessorConnector {
  processor: Processor;
  fetch(window: FetchWindow): AsyncIterable<FetchPage<ProcessorTransaction>>;
}

export interface LedgerConnector {
  fetch(processor: Processor, window: FetchWindow): AsyncIterable<FetchPage<InternalTransaction>>;
}
