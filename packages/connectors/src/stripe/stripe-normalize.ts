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

/** An id, or the object it names when expanded. */
const idRef = z.union([z.string().min(1), z.looseObject({ id: z.string().min(1), metadata: z.record(z.string(), z.string()).nullish() })]);
const metadata = z.record(z.string(), z.string()).nullish();

// The expanded `source` of a balance transaction, one schema per object recon reads; only the
// fields normalisation uses are checked. Any other object (transfer_reversal, fee_refund, ...)
// needs just its id.
const SOURCE_SCHEMAS = {
  charge: z.looseObject({
    id: z.string().min(1),
    status: z.enum(["succeeded", "pending", "failed"]),
    refunded: z.boolean(),
    payment_intent: idRef.nullish(),
    metadata,
  }),
  refund: z.looseObject({
    id: z.string().min(1),
    status: z.enum(["succeeded", "pending", "requires_action", "failed", "canceled"]).nullish(),
    charge: idRef.nullish(),
    payment_intent: idRef.nullish(),
    metadata,
  }),
  dispute: z.looseObject({ id: z.string().min(1), charge: idRef, payment_intent: idRef.nullish(), metadata }),
  payout: z.looseObject({ id: z.string().min(1), status: z.enum(["paid", "pending", "in_transit", "canceled", "failed"]) }),
  topup: z.looseObject({ id: z.string().min(1), status: z.enum(["succeeded", "pending", "failed", "canceled", "reversed"]), metadata }),
  transfer: z.looseObject({ id: z.string().min(1), reversed: z.boolean(), metadata }),
  application_fee: z.looseObject({ id: z.string().min(1), charge: idRef, refunded: z.boolean() }),
} as const;
const otherSourceSchema = z.looseObject({ id: z.string().min(1) });

type KnownSourceObject = keyof typeof SOURCE_SCHEMAS;
type SourceOf<K extends KnownSourceObject> = z.infer<(typeof SOURCE_SCHEMAS)[K]>;
/** An expanded source, read with its object's schema ("other": any object recon only needs the id of). */
type Source = { [K in KnownSourceObject]: { object: K; fields: SourceOf<K> } }[KnownSourceObject] | { object: "other"; fields: z.infer<typeof otherSourceSchema> };

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
    reporting_category: z.string().min(1).optional(),
    source: z.union([z.string().min(1), z.looseObject({ id: z.string().min(1), object: z.string().min(1) })]).nullable(),
  })
  // Stripe guarantees net = amount - fee; a record that breaks it is corrupt, not a finding.
  .refine((t) => t.net === t.amount - t.fee, { path: ["net"], message: "expected amount - fee" })
  // An adjustment is a dispute, its reversal or anything else: only the category says which.
  .refine((t) => t.type !== "adjustment" || t.reporting_category !== undefined, {
    path: ["reporting_category"],
    message: "required to tell what an adjustment is",
  });

/** Balance transaction types whose meaning does not depend on the reporting category. */
const TYPE_MAP: Record<string, TransactionType> = {
  charge: "payment",
  payment: "payment",
  refund: "refund",
  payment_refund: "refund",
  payment_failure_refund: "refund",
  payment_reversal: "refund",
  refund_failure: "refund",
  payout: "payout",
  payout_cancel: "payout",
  payout_failure: "payout",
  transfer: "transfer",
  transfer_cancel: "transfer",
  transfer_failure: "transfer",
  transfer_refund: "transfer",
  topup: "topup",
  topup_reversal: "topup",
  stripe_fee: "fee",
  stripe_fx_fee: "fee",
  tax_fee: "fee",
  application_fee: "fee",
  application_fee_refund: "fee",
};

/** `adjustment` by its reporting category: disputes and their reversals, or any other adjustment. */
const ADJUSTMENT_CATEGORY_MAP: Record<string, TransactionType> = {
  dispute: "dispute",
  dispute_reversal: "dispute",
};

export type NormalizeResult<T> = { ok: true; record: T } | { ok: false; rejected: RejectedRecordInput };

/** Validates one balance transaction as the API sent it and maps it to the shared shape. */
export function normalizeStripeBalanceTransaction(raw: unknown): NormalizeResult<ProcessorTransaction> {
  const reject = (reason: string): NormalizeResult<ProcessorTransaction> => ({
    ok: false,
    rejected: { source: "stripe", externalId: readId(raw), reason, raw },
  });
  const parsed = balanceTransactionSchema.safeParse(raw);
  if (!parsed.success) return reject(zodReason(parsed.error));
  const txn = parsed.data;
  let source: Source | null = null;
  if (typeof txn.source === "object" && txn.source !== null) {
    const read = readSource(txn.source);
    if (!read.ok) return reject(read.reason);
    source = read.source;
  }
  return {
    ok: true,
    record: {
      processor: "stripe",
      externalId: txn.id,
      relatedIds: typeof txn.source === "string" ? [txn.source] : relatedIds(source),
      reference: referenceOf(source),
      merchantId: null,
      grossMinor: BigInt(txn.amount),
      feeMinor: BigInt(txn.fee),
      netMinor: BigInt(txn.net),
      currency: normalizeCurrency(txn.currency),
      status: statusOf(source),
      rawStatus: txn.status,
      type: txn.type === "adjustment" ? (ADJUSTMENT_CATEGORY_MAP[txn.reporting_category ?? ""] ?? "adjustment") : (TYPE_MAP[txn.type] ?? "adjustment"),
      occurredAt: new Date(txn.created * 1000),
      raw,
    },
  };
}

function isKnownSourceObject(object: string): object is KnownSourceObject {
  return Object.hasOwn(SOURCE_SCHEMAS, object);
}

/** Reads an expanded source with its object's schema; a reason names the field as `source.<field>`. */
function readSource(value: { object: string }): { ok: true; source: Source } | { ok: false; reason: string } {
  const object = isKnownSourceObject(value.object) ? value.object : "other";
  const schema = object === "other" ? otherSourceSchema : SOURCE_SCHEMAS[object];
  const parsed = z.object({ source: schema }).safeParse({ source: value });
  if (!parsed.success) return { ok: false, reason: zodReason(parsed.error) };
  return { ok: true, source: { object, fields: parsed.data.source } as Source };
}

function idOf(ref: string | { id: string } | null | undefined): string | null {
  if (ref === null || ref === undefined) return null;
  return typeof ref === "string" ? ref : ref.id;
}

/**
 * Every id the ledger might book this money by: the source's own id first, then the charge and
 * payment intent it belongs to (a refund, a dispute), or the connected account's charge an
 * application fee was taken from. Payouts, transfers and top-ups are known by their own id.
 */
function relatedIds(source: Source | null): string[] {
  if (source === null) return [];
  const ids: Array<string | null> = [source.fields.id];
  switch (source.object) {
    case "charge":
      ids.push(idOf(source.fields.payment_intent));
      break;
    case "refund":
    case "dispute":
      ids.push(idOf(source.fields.charge), idOf(source.fields.payment_intent));
      break;
    case "application_fee":
      ids.push(idOf(source.fields.charge));
      break;
  }
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

/** The merchant's order id: the source's metadata, or (a refund, a dispute) its expanded charge's. */
function referenceOf(source: Source | null): string | null {
  if (source === null || source.object === "other" || source.object === "payout" || source.object === "application_fee") return null;
  const own = source.fields.metadata?.order_id;
  if (own !== undefined) return own;
  if (source.object === "refund" || source.object === "dispute") {
    const charge = source.fields.charge;
    if (typeof charge === "object" && charge !== null) return charge.metadata?.order_id ?? null;
  }
  return null;
}

const PAYOUT_STATUS: Record<SourceOf<"payout">["status"], TransactionStatus> = {
  paid: "succeeded",
  pending: "pending",
  in_transit: "pending",
  canceled: "failed",
  failed: "failed",
};

const TOPUP_STATUS: Record<SourceOf<"topup">["status"], TransactionStatus> = {
  succeeded: "succeeded",
  pending: "pending",
  failed: "failed",
  canceled: "failed",
  reversed: "refunded",
};

const REFUND_STATUS: Record<NonNullable<SourceOf<"refund">["status"]>, TransactionStatus> = {
  succeeded: "succeeded",
  pending: "pending",
  requires_action: "pending",
  failed: "failed",
  canceled: "failed",
};

/**
 * The status of the money behind the record, from its source object. A balance transaction's
 * own status only says whether the funds are available yet (both mean the money moved), so it is
 * kept as rawStatus. A charge says it (refunded once refunded in full); a payout, refund or
 * top-up by its status; a transfer or application fee given back in full is refunded. A dispute
 * withdrew or reinstated its money whatever the case's outcome, and Stripe's fees and
 * adjustments have no object: succeeded.
 */
function statusOf(source: Source | null): TransactionStatus {
  switch (source?.object) {
    case "charge":
      return source.fields.refunded ? "refunded" : source.fields.status;
    case "payout":
      return PAYOUT_STATUS[source.fields.status];
    case "topup":
      return TOPUP_STATUS[source.fields.status];
    case "refund":
      return source.fields.status ? REFUND_STATUS[source.fields.status] : "succeeded";
    case "transfer":
      return source.fields.reversed ? "refunded" : "succeeded";
    case "application_fee":
      return source.fields.refunded ? "refunded" : "succeeded";
    default:
      return "succeeded";
  }
}
