import {
  normalizeCurrency,
  type InternalTransaction,
  type Processor,
  type ProcessorTransaction,
} from "@recon/domain";

/**
 * Guards the engine's assumptions about its input: every record belongs to the processor being
 * reconciled (a mixed feed is a caller bug, and silently reconciling it would report false
 * breaks), and currencies compare upper-case ("usd" and "USD" are the same money).
 * A record is copied only when its currency needed normalising.
 */
function checkProcessor(kind: string, id: string, actual: string, expected: Processor): void {
  if (actual !== expected) {
    throw new Error(
      `${kind} record ${id} belongs to processor "${actual}", but this run reconciles "${expected}"`,
    );
  }
}

export function normalizeProcessorRecord(
  record: ProcessorTransaction,
  processor: Processor,
): ProcessorTransaction {
  checkProcessor("processor", record.externalId, record.processor, processor);
  const currency = normalizeCurrency(record.currency);
  return currency === record.currency ? record : { ...record, currency };
}

export function normalizeLedgerRecord(
  record: InternalTransaction,
  processor: Processor,
): InternalTransaction {
  checkProcessor("ledger", record.externalId, record.processor, processor);
  const currency = normalizeCurrency(record.currency);
  return currency === record.currency ? record : { ...record, currency };
}
