export type { FetchPage, FetchWindow, LedgerConnector, ProcessorConnector } from "./connector";
export { PermanentConnectorError, isPermanentConnectorError } from "./permanent-connector-error";
export { createStripeConnector, type StripeConnectorOptions } from "./stripe/stripe-connector";
export { normalizeStripeBalanceTransaction, type NormalizeResult } from "./stripe/stripe-normalize";
export { createLedgerConnector, type LedgerConnectorOptions } from "./ledger/ledger-connector";
export { normalizeLedgerRecord } from "./ledger/ledger-normalize";
