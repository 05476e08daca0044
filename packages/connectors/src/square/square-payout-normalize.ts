import type { ProcessorTransaction, TransactionStatus } from "@recon/domain";
import { z } from "zod";
import type { NormalizeResult } from "../stripe/stripe-normalize";
import { readId, zodReason } from "../zod-reason";
import { squareMoney, type SquareMoney } from "./square-money";
import { isoInstant, rejecter, sumInCurrency } from "./square-normalize";

const payoutSchema = z.looseObject({
  id: z.string().min(1),
  status: z.enum(["SENT", "FAILED", "PAID"]),
  createdAt: isoInstant,
  amountMoney: squareMoney,
  locationId: z.string().nullish(),
  arrivalDate: z.iso.date().nullish(),
  type: z.enum(["BATCH", "SIMPLE"]).nullish(),
  payoutFee: z.array(z.looseObject({ amountMoney: squareMoney, type: z.string().nullish() })).nullish(),
});

const payoutEntrySchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().nullish(),
  grossAmountMoney: squareMoney.nullish(),
  feeAmountMoney: squareMoney.nullish(),
  netAmountMoney: squareMoney,
});

type PayoutEntry = z.infer<typeof payoutEntrySchema>;

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
 * The `type_*_details` of an entry (charge, refund, dispute, fee, hold adjustment, app fee, …):
 * camelCase when the SDK knows the type, snake_case as Square wrote it when it does not (it passes
 * unknown keys through). Each may name the payment the entry is about.
 */
const DETAILS_KEY = /^(type[A-Z][A-Za-z]*Details|type_[a-z_]+_details)$/;

/** The payment ids an entry's details name; throws naming the field when one is not a string. */
function paymentIdsOf(entry: PayoutEntry, index: number): string[] {
  const ids: string[] = [];
  for (const [key, details] of Object.entries(entry)) {
    if (!DETAILS_KEY.test(key) || details == null) continue;
    if (typeof details !== "object") throw new Error(`entries.${index}.${key}: expected an object`);
    for (const name of ["paymentId", "payment_id"]) {
      const id = (details as Record<string, unknown>)[name];
      if (id == null) continue;
      if (typeof id !== "string" || id.length === 0) throw new Error(`entries.${index}.${key}.${name}: expected a payment id`);
      ids.push(id);
    }
  }
  return ids;
}

/** An entry's money must be in the payout's currency, and its net must be its gross minus its fee. */
function checkEntry(entry: PayoutEntry, index: number, currency: string): void {
  const money: Array<[string, SquareMoney | null | undefined]> = [
    ["grossAmountMoney", entry.grossAmountMoney],
    ["feeAmountMoney", entry.feeAmountMoney],
    ["netAmountMoney", entry.netAmountMoney],
  ];
  for (const [field, value] of money) {
    if (value && value.currency !== currency) throw new Error(`entries.${index}.${field}: ${value.currency} on a ${currency} payout`);
  }
  const { grossAmountMoney: gross, feeAmountMoney: fee, netAmountMoney: net } = entry;
  if (gross && fee && net.amount !== gross.amount - fee.amount) {
    throw new Error(`entries.${index}: net ${net.amount} is not gross ${gross.amount} minus fee ${fee.amount} (entry ${entry.id})`);
  }
}

/**
 * A Square payout, as money leaving the Square balance (Stripe's sign for payouts):
 * - gross = -amount_money: what reaches the destination. Square writes a deposit positive and a
 *   withdrawal (money taken from the bank into the balance) negative, so a deposit reads negative
 *   and a withdrawal positive;
 * - fee = the sum of `payout_fee` (transfer fees and their taxes, Square's cost of this payout);
 * - net = gross - fee = -(amount + fees): the change of the Square balance, since the fees are
 *   taken from the balance on top of what reaches the destination.
 * Square says a BATCH payout's amount "will equal the sum of the payout entries": the entries'
 * nets must add up to amount_money (a transfer fee is one of them, a DEPOSIT_FEE entry), else the
 * payout is quarantined. A SIMPLE payout has no entries of its own (it shows up as an entry of a
 * later batch), so only entries it does have are checked. Every entry's money must be in the
 * payout's currency with net = gross - fee. Related ids: every payment an entry's details name.
 * raw keeps the payout and its entries.
 */
export function normalizeSquarePayout(raw: SquarePayoutWithEntries): NormalizeResult<ProcessorTransaction> {
  const reject = rejecter(raw, readId(raw.payout));
  const parsed = payoutSchema.safeParse(raw.payout);
  if (!parsed.success) return reject(zodReason(parsed.error));
  const entries = z.array(payoutEntrySchema).safeParse(raw.entries);
  if (!entries.success) return reject(`entries.${zodReason(entries.error)}`);
  const p = parsed.data;
  const { currency } = p.amountMoney;
  let feeMinor: bigint;
  const related = new Set<string>();
  let netSum = 0n;
  try {
    feeMinor = sumInCurrency("payoutFee", p.payoutFee, currency);
    for (const [index, entry] of entries.data.entries()) {
      checkEntry(entry, index, currency);
      netSum += entry.netAmountMoney.amount;
      for (const id of paymentIdsOf(entry, index)) related.add(id);
    }
  } catch (error) {
    return reject((error as Error).message);
  }
  const checked = p.type !== "SIMPLE" || entries.data.length > 0;
  if (checked && netSum !== p.amountMoney.amount) {
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
      feeMinor,
      netMinor: grossMinor - feeMinor,
      currency,
      status: PAYOUT_STATUS[p.status],
      rawStatus: p.status,
      type: "payout",
      occurredAt: new Date(p.createdAt),
      raw,
    },
  };
}
