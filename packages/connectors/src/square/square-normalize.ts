import type { ProcessorTransaction, TransactionStatus } from "@recon/domain";
import { z } from "zod";
import type { NormalizeResult } from "../stripe/stripe-normalize";
import { readId, zodReason } from "../zod-reason";
import { squareMoney, type SquareMoney } from "./square-money";

/**
 * Square payments and refunds as the `square` SDK hands them over: camelCase, every amount a
 * bigint, money in either of Square's shapes (square-money.ts). Only what normalisation reads is
 * checked; a record that fails goes to quarantine whole, with the reason naming the field.
 */
const feeSchema = z.looseObject({ amountMoney: squareMoney });
export const isoInstant = z.iso.datetime({ offset: true });

const paymentSchema = z.looseObject({
  id: z.string().min(1),
  createdAt: isoInstant,
  amountMoney: squareMoney,
  totalMoney: squareMoney.nullish(),
  appFeeMoney: squareMoney.nullish(),
  refundedMoney: squareMoney.nullish(),
  processingFee: z.array(feeSchema).nullish(),
  status: z.enum(["APPROVED", "PENDING", "COMPLETED", "CANCELED", "FAILED"]),
  orderId: z.string().min(1).nullish(),
  referenceId: z.string().nullish(),
  locationId: z.string().nullish(),
});

const refundSchema = z.looseObject({
  id: z.string().min(1),
  createdAt: isoInstant,
  amountMoney: squareMoney,
  processingFee: z.array(feeSchema).nullish(),
  status: z.enum(["PENDING", "COMPLETED", "REJECTED", "FAILED"]),
  paymentId: z.string().min(1).nullish(),
  locationId: z.string().nullish(),
});

/**
 * The total of money items of the record's currency (fees are positive when Square charges them,
 * negative when it gives them back); an item in another currency makes the record unreadable.
 */
export function sumInCurrency(field: string, items: ReadonlyArray<{ amountMoney: SquareMoney }> | null | undefined, currency: string): bigint {
  let total = 0n;
  for (const [index, item] of (items ?? []).entries()) {
    if (item.amountMoney.currency !== currency) {
      throw new Error(`${field}.${index}.amountMoney: ${item.amountMoney.currency} on a ${currency} record`);
    }
    total += item.amountMoney.amount;
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

/** A quarantine result for `raw`, under its id when one can be read. */
export const rejecter =
  (raw: unknown, externalId: string | null = readId(raw)) =>
  (reason: string): NormalizeResult<ProcessorTransaction> => ({ ok: false, rejected: { source: "square", externalId, reason, raw } });

/**
 * A Square payment: gross = total_money (amount + tip), fee = the processing fees, net = total -
 * fees - app fee (Square has no net field). A payment refunded in full reads "refunded"; a partial
 * refund is its own record (normalizeSquareRefund). `merchantId` is the payment's location.
 */
export function normalizeSquarePayment(raw: unknown): NormalizeResult<ProcessorTransaction> {
  const reject = rejecter(raw);
  const parsed = paymentSchema.safeParse(raw);
  if (!parsed.success) return reject(zodReason(parsed.error));
  const p = parsed.data;
  const total = p.totalMoney ?? p.amountMoney;
  const { currency } = total;
  let feeMinor: bigint;
  try {
    feeMinor = sumInCurrency("processingFee", p.processingFee, currency);
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
 * A Square refund: money going back, so gross is negative; fee = its processing fees, negative
 * when Square gives back its share of the payment's fee, so net = gross - fee is what the balance
 * loses. Its related id is the payment only (not the order), so a ledger row booking the payment by
 * order id is never paired with it.
 */
export function normalizeSquareRefund(raw: unknown): NormalizeResult<ProcessorTransaction> {
  const reject = rejecter(raw);
  const parsed = refundSchema.safeParse(raw);
  if (!parsed.success) return reject(zodReason(parsed.error));
  const r = parsed.data;
  const { currency } = r.amountMoney;
  let feeMinor: bigint;
  try {
    feeMinor = sumInCurrency("processingFee", r.processingFee, currency);
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
