import {
  isProcessor,
  normalizeCurrency,
  toMinorUnits,
  TRANSACTION_STATUSES,
  type InternalTransaction,
  type Processor,
} from "@recon/domain";
import { z } from "zod";
import { isoCurrencyCode } from "../currency-schema";
import type { NormalizeResult } from "../stripe/stripe-normalize";
import { readId, zodReason } from "../zod-reason";

const decimalString = z.string().regex(/^[+-]?(\d+\.?\d*|\.\d+)$/, "expected a decimal string such as 12.34");

/** The ledger API record (contract: packages/sandbox/src/ledger-record.ts, ledger CSV columns). */
const ledgerRecordSchema = z.looseObject({
  id: z.string().min(1),
  processor: z.string().refine(isProcessor, "expected stripe, paypal or square"),
  processor_ref: z.string().min(1).nullable(),
  reference: z.string().nullable(),
  amount: decimalString,
  currency: isoCurrencyCode,
  fee: decimalString.nullable(),
  status: z.enum(TRANSACTION_STATUSES),
  occurred_at: z.iso.datetime({ offset: true }),
});

/**
 * Validates one ledger record and converts its money exactly (toMinorUnits refuses more decimals
 * than the currency has). `expected` is the processor asked for: a row of another is rejected.
 */
export function normalizeLedgerRecord(raw: unknown, expected: Processor): NormalizeResult<InternalTransaction> {
  const reject = (reason: string): NormalizeResult<InternalTransaction> => ({
    ok: false,
    rejected: { source: "internal", externalId: readId(raw), reason, raw },
  });
  const parsed = ledgerRecordSchema.safeParse(raw);
  if (!parsed.success) return reject(zodReason(parsed.error));
  const row = parsed.data;
  if (row.processor !== expected) return reject(`processor: expected ${expected}, got ${row.processor}`);
  const currency = normalizeCurrency(row.currency);
  let grossMinor: bigint;
  let feeMinor: bigint | null;
  try {
    grossMinor = toMinorUnits(row.amount, currency);
  } catch (error) {
    return reject(`amount: ${(error as Error).message}`);
  }
  try {
    feeMinor = row.fee === null ? null : toMinorUnits(row.fee, currency);
  } catch (error) {
    return reject(`fee: ${(error as Error).message}`);
  }
  return {
    ok: true,
    record: {
      externalId: row.id,
      processor: expected,
      processorRef: row.processor_ref,
      reference: row.reference,
      grossMinor,
      feeMinor,
      currency,
      status: row.status,
      occurredAt: new Date(row.occurred_at),
      raw,
    },
  };
}
