import { normalizeCurrency, type ProcessorTransaction, type TransactionStatus } from "@recon/domain";
import { z } from "zod";
import type { NormalizeResult } from "../stripe/stripe-normalize";
import { zodReason } from "../zod-reason";

/**
 * Square records as the `square` SDK hands them over: camelCase, every amount a bigint. Only
 * what normalisation reads is checked; a record that fails goes to quarantine whole.
 */
const moneySchema = z.looseObject({
  amount: z.bigint({ error: "expected an integer amount in minor units" }),
  currency: z.string().regex(/^[A-Za-z]{3}$/, "expected a three-letter ISO currency code"),
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
