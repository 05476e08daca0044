import {
  normalizeCurrency,
  type ProcessorTransaction,
  type RejectedRecordInput,
  type TransactionStatus,
  type TransactionType,
} from "@recon/domain";
import { z } from "zod";
import { isoCurrencyCode } from "../currency-schema";
import { readId, zodReason } from "../zod-reason";

const idRef = z.union([z.string().min(1), z.looseObject({ id: z.string().min(1) })]);

/** The expanded `source`: a charge, refund, payout, ... Only what normalisation reads is checked. */
const sourceObjectSchema = z.looseObject({
  id: z.string().min(1),
  object: z.string().optional(),
  status: z.string().nullish(),
  refunded: z.boolean().nullish(),
  charge: idRef.nullish(),
  payment_intent: idRef.nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
});

const balanceTransactionSchema = z
  .looseObject({
    id: z.string().min(1),
    amount: z.number().int(),
    fee: z.number().int(),
    net: z.number().int(),
    currency: isoCurrencyCode,
    created: z.number().int().nonnegative(),
    status: z.enum(["available", "pending"]),
    type: z.string().min(1),
    source: z.union([z.string().min(1), sourceObjectSchema]).nullable(),
  })
  // Stripe guarantees net = amount - fee; a record that breaks it is corrupt, not a finding.
  .refine((t) => t.net === t.amount - t.fee, { path: ["net"], message: "expected amount - fee" });

type SourceObject = z.infer<typeof sourceObjectSchema>;

const TYPE_MAP: Record<string, TransactionType> = {
  charge: "payment",
  payment: "payment",
  refund: "refund",
  payment_refund: "refund",
  payment_failure_refund: "refund",
  refund_failure: "refund",
  adjustment: "dispute",
  dispute: "dispute",
  dispute_reversal: "dispute",
  payout: "payout",
  payout_cancel: "payout",
  payout_failure: "payout",
  stripe_fee: "fee",
  application_fee: "fee",
  stripe_fx_fee: "fee",
  tax_fee: "fee",
};

export type NormalizeResult<T> = { ok: true; record: T } | { ok: false; rejected: RejectedRecordInput };

/** Validates one balance transaction as the API sent it and maps it to the shared shape. */
export function normalizeStripeBalanceTransaction(raw: unknown): NormalizeResult<ProcessorTransaction> {
  const parsed = balanceTransactionSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, rejected: { source: "stripe", externalId: readId(raw), reason: zodReason(parsed.error), raw } };
  }
  const txn = parsed.data;
  const source = typeof txn.source === "object" ? txn.source : null;
  return {
    ok: true,
    record: {
      processor: "stripe",
      externalId: txn.id,
      relatedIds: relatedIds(txn.source),
      reference: source?.metadata?.order_id ?? null,
      merchantId: null,
      grossMinor: BigInt(txn.amount),
      feeMinor: BigInt(txn.fee),
      netMinor: BigInt(txn.net),
      currency: normalizeCurrency(txn.currency),
      status: statusOf(source),
      rawStatus: txn.status,
      type: TYPE_MAP[txn.type] ?? "adjustment",
      occurredAt: new Date(txn.created * 1000),
      raw,
    },
  };
}

/** Every id the ledger might use for this money: the source, its charge, its payment intent. */
function relatedIds(source: string | SourceObject | null): string[] {
  if (source === null) return [];
  if (typeof source === "string") return [source];
  const ids = [source.id, idOf(source.charge), idOf(source.payment_intent)];
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

function idOf(ref: string | { id: string } | null | undefined): string | null {
  if (ref === null || ref === undefined) return null;
  return typeof ref === "string" ? ref : ref.id;
}

/**
 * The payment's own status comes from the expanded charge. A balance transaction only says
 * whether funds are available yet, and both available and pending mean the money moved.
 */
function statusOf(source: SourceObject | null): TransactionStatus {
  if (source?.object === "charge") {
    if (source.refunded) return "refunded";
    if (source.status === "succeeded" || source.status === "pending" || source.status === "failed") return source.status;
  }
  return "succeeded";
}
