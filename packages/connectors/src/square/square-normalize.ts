import { normalizeCurrency, type ProcessorTransaction, type TransactionStatus } from "@recon/domain";
import { z } from "zod";
import { isoCurrencyCode } from "../currency-schema";
import type { NormalizeResult } from "../stripe/stripe-normalize";
import { zodReason } from "../zod-reason";

/**
 * Square records as the `square` SDK hands them over: camelCase, every amount a bigint. Only
 * what normalisation reads is checked; a record that fails goes to quarantine whole.
 */
const moneySchema = z.looseObject({
  amount: z.bigint({ error: "expected an integer amount in minor units" }),
  currency: isoCurrencyCode,
});
const feeSchema = z.looseObject({ amountMoney: moneySchema });
const isoInstant = z.iso.datetime({ offset: true });

const paymentSchema = z.looseObject({
  id: z.string().min(1),
  createdAt: isoInstant,
  amountMoney: moneySchema,
  totalMoney: moneySchema.nullish(),
  appFeeMoney: moneySchema.nullish(),
  refundedMoney: moneySchema.nullish(),
  processingFee: z.array(feeSchema).nullish(),
  status: z.enum(["APPROVED", "PENDING", "COMPLETED", "CANCELED", "FAILED"]),
  orderId: z.string().min(1).nullish(),
  referenceId: z.string().nullish(),
  locationId: z.string().nullish(),
});

const refundSchema = z.looseObject({
  id: z.string().min(1),
  createdAt: isoInstant,
  amountMoney: moneySchema,
  processingFee: z.array(feeSchema).nullish(),
  status: z.enum(["PENDING", "COMPLETED", "REJECTED", "FAILED"]),
  paymentId: z.string().min(1).nullish(),
  locationId: z.string().nullish(),
});

type Money = z.infer<typeof moneySchema>;

function readId(raw: unknown): string | null {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === "string" && id.length > 0 ? id : null;
}

/** Sums fees of the record's currency; a fee in another currency makes the record invalid. */
function sumFees(fees: ReadonlyArray<{ amountMoney: Money }> | null | undefined, currency: string): bigint {
  let total = 0n;
  for (const fee of fees ?? []) {
    if (normalizeCurrency(fee.amountMoney.currency) !== currency) {
      throw new Error(`processingFee: a fee in ${fee.amountMoney.currency} on a ${currency} record`);
    }
    total += fee.amountMoney.amount;
  }
  return total;
}

const PAYMENT_STATUS: Record<z.infer<typeof paymentSchema>["status"], TransactionStatus> = {
  COMPLETED: "succeeded",
  APPROVED: "pending",
  PENDING: "pending",
  CANCELED: "failed",
  FAILED: "failed",
};

const REFUND_STATUS: Record<z.infer<typeof refundSchema>["status"], TransactionStatus> = {
  COMPLETED: "succeeded",
  PENDING: "pending",
  REJECTED: "failed",
  FAILED: "failed",
};

/**
 * A Square payment: gross = total_money (amount + tip), fee = the processing fees, net = total -
 * fees - app fee (Square has no net field). A payment refunded in full reads "refunded"; a partial
 * refund is its own record (normalizeSquareRefund).
 */
export function normalizeSquarePayment(raw: unknown): NormalizeResult<ProcessorTransaction> {
  const reject = (reason: string): NormalizeResult<ProcessorTransaction> => ({
    ok: false,
    rejected: { source: "square", externalId: readId(raw), reason, raw },
  });
  const parsed = paymentSchema.safeParse(raw);
  if (!parsed.success) return reject(zodReason(parsed.error));
  const p = parsed.data;
  const total = p.totalMoney ?? p.amountMoney;
  let currency: string;
  let feeMinor: bigint;
  try {
    currency = normalizeCurrency(total.currency);
    feeMinor = sumFees(p.processingFee, currency);
  } catch (error) {
    return reject((error as Error).message);
  }
  const appFee = p.appFeeMoney?.amount ?? 0n;
  const fullyRefunded = p.refundedMoney != null && p.refundedMoney.amount >= total.amount && total.amount > 0n;
  return {
    ok: true,
    record: {
      processor: "square",
      externalId: p.id,
      relatedIds: p.orderId ? [p.orderId] : [],
      reference: p.referenceId ?? null,
      merchantId: p.locationId ?? null,
      grossMinor: total.amount,
      feeMinor,
      netMinor: total.amount - feeMinor - appFee,
      currency,
      status: fullyRefunded ? "refunded" : PAYMENT_STATUS[p.status],
      rawStatus: p.status,
      type: "payment",
      occurredAt: new Date(p.createdAt),
      raw,
    },
  };
}

/**
 * A Square refund: money going back, so gross is negative. Its related id is the payment only
 * (not the order), so a ledger row booking the payment by order id is never paired with it.
 */
export function normalizeSquareRefund(raw: unknown): NormalizeResult<ProcessorTransaction> {
  const reject = (reason: string): NormalizeResult<ProcessorTransaction> => ({
    ok: false,
    rejected: { source: "square", externalId: readId(raw), reason, raw },
  });
  const parsed = refundSchema.safeParse(raw);
  if (!parsed.success) return reject(zodReason(parsed.error));
  const r = parsed.data;
  let currency: string;
  let feeMinor: bigint;
  try {
    currency = normalizeCurrency(r.amountMoney.currency);
    feeMinor = sumFees(r.processingFee, currency);
  } catch (error) {
    return reject((error as Error).message);
  }
  const grossMinor = -r.amountMoney.amount;
  return {
    ok: true,
    record: {
      processor: "square",
      externalId: r.id,
      relatedIds: r.paymentId ? [r.paymentId] : [],
      reference: null,
      merchantId: r.locationId ?? null,
      grossMinor,
      feeMinor,
      netMinor: grossMinor - feeMinor,
      currency,
      status: REFUND_STATUS[r.status],
      rawStatus: r.status,
      type: "refund",
      occurredAt: new Date(r.createdAt),
      raw,
    },
  };
}

const payoutEntrySchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  grossAmountMoney: moneySchema.nullish(),
  feeAmountMoney: moneySchema.nullish(),
  netAmountMoney: moneySchema,
  typeChargeDetails: z.looseObject({ paymentId: z.string().min(1).nullish() }).nullish(),
  typeRefundDetails: z.looseObject({ paymentId: z.string().min(1).nullish() }).nullish(),
  typeDisputeDetails: z.looseObject({ paymentId: z.string().min(1).nullish() }).nullish(),
});

const payoutSchema = z.looseObject({
  id: z.string().min(1),
  status: z.enum(["SENT", "FAILED", "PAID"]),
  createdAt: isoInstant,
  amountMoney: moneySchema,
  locationId: z.string().nullish(),
  arrivalDate: z.iso.date().nullish(),
});

const PAYOUT_STATUS: Record<z.infer<typeof payoutSchema>["status"], TransactionStatus> = {
  PAID: "succeeded",
  SENT: "pending",
  FAILED: "failed",
};

/** A payout as the connector hands it to normalisation: the SDK's Payout and every one of its entries. */
export interface SquarePayoutWithEntries {
  payout: unknown;
  entries: unknown[];
}

/**
 * A Square payout: money leaving the Square balance for the bank, so gross = net = -amount (as
 * Stripe's payout balance transactions), no fee of its own (the entries carry the fees). Its
 * related ids are the payments its CHARGE, REFUND and DISPUTE entries settle, so it links to them;
 * raw keeps the payout and its entries. A payout whose entries' nets do not add up to its amount,
 * or are in another currency, is corrupt and goes to quarantine.
 */
export function normalizeSquarePayout(raw: SquarePayoutWithEntries): NormalizeResult<ProcessorTransaction> {
  const reject = (reason: string): NormalizeResult<ProcessorTransaction> => ({
    ok: false,
    rejected: { source: "square", externalId: readId(raw.payout), reason, raw },
  });
  const parsed = payoutSchema.safeParse(raw.payout);
  if (!parsed.success) return reject(zodReason(parsed.error));
  const entries = z.array(payoutEntrySchema).safeParse(raw.entries);
  if (!entries.success) return reject(`entries.${zodReason(entries.error)}`);
  const p = parsed.data;
  let currency: string;
  try {
    currency = normalizeCurrency(p.amountMoney.currency);
  } catch (error) {
    return reject((error as Error).message);
  }
  let netSum = 0n;
  const related = new Set<string>();
  for (const entry of entries.data) {
    if (normalizeCurrency(entry.netAmountMoney.currency) !== currency) {
      return reject(`entries: entry ${entry.id} is in ${entry.netAmountMoney.currency} on a ${currency} payout`);
    }
    netSum += entry.netAmountMoney.amount;
    const paymentId = entry.typeChargeDetails?.paymentId ?? entry.typeRefundDetails?.paymentId ?? entry.typeDisputeDetails?.paymentId;
    if (paymentId) related.add(paymentId);
  }
  if (netSum !== p.amountMoney.amount) {
    return reject(`entries: their nets add up to ${netSum}, not the payout amount ${p.amountMoney.amount}`);
  }
  const grossMinor = -p.amountMoney.amount;
  return {
    ok: true,
    record: {
      processor: "square",
      externalId: p.id,
      relatedIds: [...related],
      reference: null,
      merchantId: p.locationId ?? null,
      grossMinor,
      feeMinor: 0n,
      netMinor: grossMinor,
      currency,
      status: PAYOUT_STATUS[p.status],
      rawStatus: p.status,
      type: "payout",
      occurredAt: new Date(p.createdAt),
      raw,
    },
  };
}
