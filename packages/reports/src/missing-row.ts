import type { ProcessorTransaction } from "@recon/domain";
import type { MissingRow } from "./legacy-report-input";

/** The legacy report row of a processor transaction the ledger lacks (the engine's missingInInternal). */
export function missingRowFromTransaction(tx: ProcessorTransaction): MissingRow {
  return {
    transactionId: tx.externalId,
    processorName: tx.processor,
    amountMinor: tx.grossMinor,
    currency: tx.currency,
    status: tx.status,
    merchantId: tx.merchantId,
    transactionDate: tx.occurredAt,
    referenceNumber: tx.reference,
    feeMinor: tx.feeMinor,
  };
}
