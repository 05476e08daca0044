import type { Discrepancy } from "@recon/domain";

function nullableBigint(value: bigint | null): string | null {
  return value === null ? null : value.toString();
}

/**
 * Discrepancies as one array per column, in the order kind, processor id, ledger id, currency,
 * processor amount, ledger amount, amount at risk, reason: what the bulk writers pass as
 * `text[]` / `bigint[]` parameters (bigints as decimal text, which Postgres reads exactly).
 */
export function discrepancyColumns(
  ds: readonly Discrepancy[],
): [
  string[],
  (string | null)[],
  (string | null)[],
  string[],
  (string | null)[],
  (string | null)[],
  string[],
  string[],
] {
  return [
    ds.map((d) => d.kind),
    ds.map((d) => d.processorExternalId),
    ds.map((d) => d.internalExternalId),
    ds.map((d) => d.currency),
    ds.map((d) => nullableBigint(d.processorAmountMinor)),
    ds.map((d) => nullableBigint(d.internalAmountMinor)),
    ds.map((d) => d.amountAtRiskMinor.toString()),
    ds.map((d) => d.reason),
  ];
}
