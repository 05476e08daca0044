import type { InternalTransaction, ProcessorTransaction } from "@recon/domain";

/** Builders for tests: a valid record with overridable fields, so each test states only what it is about. */

const AT = new Date("2026-11-24T12:00:00.000Z");

export function ptx(externalId: string, overrides: Partial<ProcessorTransaction> = {}): ProcessorTransaction {
  const grossMinor = overrides.grossMinor ?? 1_000n;
  const feeMinor = overrides.feeMinor ?? 59n;
  return {
    processor: "stripe",
    externalId,
    relatedIds: [],
    reference: null,
    merchantId: "m_1",
    grossMinor,
    feeMinor,
    netMinor: grossMinor - feeMinor,
    currency: "USD",
    status: "succeeded",
    rawStatus: "available",
    type: "payment",
    occurredAt: AT,
    raw: null,
    ...overrides,
  };
}

export function ltx(
  externalId: string,
  processorRef: string | null,
  overrides: Partial<InternalTransaction> = {},
): InternalTransaction {
  return {
    externalId,
    processor: "stripe",
    processorRef,
    reference: null,
    grossMinor: 1_000n,
    feeMinor: null,
    currency: "USD",
    status: "succeeded",
    occurredAt: AT,
    raw: null,
    ...overrides,
  };
}
