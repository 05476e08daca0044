import {
  normalizeCurrency,
  toMinorUnits,
  type ProcessorTransaction,
  type TransactionStatus,
  type TransactionType,
} from "@recon/domain";
import { z } from "zod";
import { isoCurrencyCode } from "../currency-schema";
import type { NormalizeResult } from "../stripe/stripe-normalize";
import { zodReason } from "../zod-reason";
import { readPaypalDateTime } from "./paypal-date-time";

const decimalString = z.string().regex(/^[+-]?(\d+\.?\d*|\.\d+)$/, "expected a decimal string such as 12.34");
const moneySchema = z.looseObject({
  currency_code: isoCurrencyCode,
  value: decimalString,
});

const transactionInfoSchema = z.looseObject({
  transaction_id: z.string().min(1),
  paypal_reference_id: z.string().min(1).nullish(),
  transaction_event_code: z.string().regex(/^T\d{4}$/, "expected an event code such as T0006"),
  // Read exactly by readPaypalDateTime below, so its reason says what is wrong with it.
  transaction_initiation_date: z.string(),
  transaction_amount: moneySchema,
  fee_amount: moneySchema.nullish(),
  transaction_status: z.enum(["S", "P", "V", "D"]),
  invoice_id: z.string().nullish(),
  custom_field: z.string().nullish(),
  paypal_account_id: z.string().nullish(),
});

const detailSchema = z.looseObject({ transaction_info: transactionInfoSchema });

const STATUS: Record<"S" | "P" | "V" | "D", TransactionStatus> = {
  S: "succeeded",
  P: "pending",
  V: "refunded",
  D: "failed",
};

/** PayPal event codes by group (T00xx payments, T11xx reversals, T12xx disputes, T04xx withdrawals, T01xx fees). */
function typeOf(eventCode: string): TransactionType {
  const group = eventCode.slice(0, 3);
  if (group === "T00") return "payment";
  if (group === "T11") return "refund";
  if (group === "T12") return "dispute";
  if (group === "T04") return "payout";
  if (group === "T01") return "fee";
  return "adjustment";
}

/**
 * Validates one transaction_detail and converts PayPal's decimal strings exactly. PayPal has no
 * net field and reports the fee as a negative amount on received payments: fee (a cost, positive
 * as Stripe's) = -fee_amount, net = amount + fee_amount.
 */
export function normalizePaypalTransaction(raw: unknown): NormalizeResult<ProcessorTransaction> {
  const info = (raw as { transaction_info?: { transaction_id?: unknown } } | null)?.transaction_info;
  const externalId = typeof info?.transaction_id === "string" && info.transaction_id.length > 0 ? info.transaction_id : null;
  const reject = (reason: string): NormalizeResult<ProcessorTransaction> => ({ ok: false, rejected: { source: "paypal", externalId, reason, raw } });
  const parsed = detailSchema.safeParse(raw);
  if (!parsed.success) return reject(zodReason(parsed.error));
  const t = parsed.data.transaction_info;
  let currency: string;
  let grossMinor: bigint;
  let feeMinor: bigint;
  try {
    currency = normalizeCurrency(t.transaction_amount.currency_code);
    grossMinor = toMinorUnits(t.transaction_amount.value, currency);
  } catch (error) {
    return reject(`transaction_info.transaction_amount: ${(error as Error).message}`);
  }
  try {
    if (t.fee_amount && normalizeCurrency(t.fee_amount.currency_code) !== currency) {
      return reject(`transaction_info.fee_amount: currency ${t.fee_amount.currency_code} differs from the amount's ${currency}`);
    }
    feeMinor = t.fee_amount ? -toMinorUnits(t.fee_amount.value, currency) : 0n;
  } catch (error) {
    return reject(`transaction_info.fee_amount: ${(error as Error).message}`);
  }
  let occurredAt: Date;
  try {
    occurredAt = readPaypalDateTime(t.transaction_initiation_date);
  } catch (error) {
    return reject(`transaction_info.transaction_initiation_date: ${(error as Error).message}`);
  }
  return {
    ok: true,
    record: {
      processor: "paypal",
      externalId: t.transaction_id,
      relatedIds: t.paypal_reference_id ? [t.paypal_reference_id] : [],
      reference: t.invoice_id ?? null,
      merchantId: null,
      grossMinor,
      feeMinor,
      netMinor: grossMinor - feeMinor,
      currency,
      status: STATUS[t.transaction_status],
      rawStatus: t.transaction_status,
      type: typeOf(t.transaction_event_code),
      occurredAt,
      raw,
    },
  };
}
