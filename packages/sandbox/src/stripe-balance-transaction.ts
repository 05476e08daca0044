import type { StripeBalanceTransaction, StripeBalanceTransactionType, StripeEmptyList, StripeFeeDetail } from "./stripe-types";
import { wireAmount } from "./wire-amount";

// The balance transaction every rendered money movement has (stripe-payment-objects.ts,
// stripe-balance-objects.ts): signed gross, fee, net = gross - fee. Amounts are bigint minor
// units until they reach the wire, where Stripe uses integers.

const DAY = 86_400;

/** Midnight UTC `days` after the day of `unixSeconds`. */
export function midnightAfter(unixSeconds: number, days: number): number {
  return Math.floor(unixSeconds / DAY) * DAY + days * DAY;
}

/** Funds of the day's activity become available two days later at midnight UTC (a held charge: seven). */
export const AVAILABLE_AFTER_DAYS = 2;
export const HELD_FOR_DAYS = 7;

export interface BalanceMove {
  type: StripeBalanceTransactionType;
  reportingCategory: string;
  /** Upper-case ISO 4217. */
  currency: string;
  amount: bigint;
  fee?: bigint;
  feeDetails?: StripeFeeDetail[];
  created: number;
  availableOn?: number;
  status?: StripeBalanceTransaction["status"];
  source: string | null;
  description: string | null;
}

export function balanceTransaction(id: string, move: BalanceMove): StripeBalanceTransaction {
  const fee = move.fee ?? 0n;
  return {
    id,
    object: "balance_transaction",
    amount: wireAmount(move.amount),
    available_on: move.availableOn ?? midnightAfter(move.created, AVAILABLE_AFTER_DAYS),
    created: move.created,
    currency: move.currency.toLowerCase(),
    description: move.description,
    exchange_rate: null,
    fee: wireAmount(fee),
    fee_details: move.feeDetails ?? [],
    net: wireAmount(move.amount - fee),
    reporting_category: move.reportingCategory,
    source: move.source,
    status: move.status ?? "available",
    type: move.type,
  };
}

export function stripeFeeDetail(amount: bigint, currency: string, description: string): StripeFeeDetail {
  return { amount: wireAmount(amount), application: null, currency: currency.toLowerCase(), description, type: "stripe_fee" };
}

export const emptyList = (url: string): StripeEmptyList => ({ object: "list", data: [], has_more: false, url });
