import {
  DISCREPANCY_KINDS,
  PROCESSORS,
  TRANSACTION_STATUSES,
  TRANSACTION_TYPES,
  normalizeCurrency,
  type Discrepancy,
  type InternalTransaction,
  type KindCounts,
  type ProcessorTransaction,
} from "@recon/domain";
import { array, bigint, count, date, json, matching, nullable, object, oneOf, record, string, type Codec } from "./json-codec";
import type { ClaimOnId, ExportedClaims } from "./leftover-ledger";
import type { PartitionFigures, PartitionLeftovers, PartitionResult, StagedTally } from "./partition-result";
import type { PaymentLink } from "./payment-links";
import type { CurrencyVolume } from "./currency-volume";
import type { MatchedGroup, MatchedPair, OutOfWindow } from "./types";

/**
 * Partition results travel from a child job to its parent as text (a database row), so the two
 * may run different builds during a deploy: the format is named, and a result in another format
 * is refused rather than misread.
 */
const FORMAT = "recon.partition-result/2";

/** Currencies as the engine holds them: normalised, so decoding refuses "usd". */
const currency = matching("a normalised currency code such as USD", (code) => {
  try {
    return normalizeCurrency(code) === code;
  } catch {
    return false;
  }
});

const processorTransaction = object<ProcessorTransaction>({
  processor: oneOf(PROCESSORS),
  externalId: string,
  relatedIds: array(string),
  reference: nullable(string),
  merchantId: nullable(string),
  grossMinor: bigint,
  feeMinor: bigint,
  netMinor: bigint,
  currency,
  status: oneOf(TRANSACTION_STATUSES),
  rawStatus: string,
  type: oneOf(TRANSACTION_TYPES),
  occurredAt: date,
  raw: json,
});

const internalTransaction = object<InternalTransaction>({
  externalId: string,
  processor: oneOf(PROCESSORS),
  processorRef: nullable(string),
  reference: nullable(string),
  grossMinor: bigint,
  feeMinor: nullable(bigint),
  currency,
  status: oneOf(TRANSACTION_STATUSES),
  occurredAt: date,
  raw: json,
});

const discrepancy = object<Discrepancy>({
  kind: oneOf(DISCREPANCY_KINDS),
  processorExternalId: nullable(string),
  internalExternalId: nullable(string),
  currency,
  processorAmountMinor: nullable(bigint),
  internalAmountMinor: nullable(bigint),
  amountAtRiskMinor: bigint,
  reason: string,
});

/** Matched pairs are most of a partition's result: [processorId, internalId] rather than an object each. */
const matchedPair: Codec<MatchedPair> = {
  encode: (pair) => [pair.processorId, pair.internalId],
  decode: (value, path) => {
    if (!Array.isArray(value) || value.length !== 2) throw new Error(`${path}: expected [processorId, internalId]`);
    return { processorId: string.decode(value[0], `${path}[0]`), internalId: string.decode(value[1], `${path}[1]`) };
  },
};

const matchedGroup = object<MatchedGroup>({
  processorIds: array(string),
  internalIds: array(string),
  currency,
  processorAmountMinor: bigint,
  internalAmountMinor: bigint,
  pass: string,
  reason: string,
});

const outOfWindow = object<OutOfWindow>({ processorIds: array(string), internalIds: array(string) });

const figures = object<PartitionFigures>({
  processorVolume: record(currency, object<CurrencyVolume>({ count, volumeMinor: bigint })),
  internalCount: count,
});

const claimOnId = object<ClaimOnId>({ id: string, processorId: string, ledgerId: string });

const leftovers = object<PartitionLeftovers>({
  processor: array(processorTransaction),
  ledger: array(internalTransaction),
  claims: object<ExportedClaims>({ byRef: array(claimOnId), byProcessorId: array(claimOnId) }),
  paymentLinks: array(object<PaymentLink>({ processorId: string, type: oneOf(TRANSACTION_TYPES), relatedIds: array(string) })),
});

const staged = object<StagedTally>({
  matched: count,
  counts: object<KindCounts>(Object.fromEntries(DISCREPANCY_KINDS.map((kind) => [kind, count])) as { [K in keyof KindCounts]: Codec<number> }),
  atRiskByCurrency: record(currency, bigint),
});

const partitionResult = object<PartitionResult & { format: typeof FORMAT }>({
  format: oneOf([FORMAT]),
  recordCount: count,
  matched: array(matchedPair),
  matchedGroups: array(matchedGroup),
  discrepancies: array(discrepancy),
  outOfWindow,
  figures,
  leftovers,
  staged,
});

/** JSON text of a partition result; bigint amounts as decimal strings, instants as ISO-8601. */
export function encodePartitionResult(result: PartitionResult): string {
  try {
    return JSON.stringify(partitionResult.encode({ format: FORMAT, ...result }, ""));
  } catch (error) {
    throw new Error(`cannot encode partition result: ${(error as Error).message}`, { cause: error });
  }
}

/** Reads what encodePartitionResult wrote, checking every field; throws an Error naming the first that is wrong. */
export function decodePartitionResult(text: string): PartitionResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`invalid partition result: not JSON (${(error as Error).message})`, { cause: error });
  }
  try {
    const { format: _format, ...result } = partitionResult.decode(parsed, "");
    return result;
  } catch (error) {
    throw new Error(`invalid partition result: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Decodes stored results one at a time as they are iterated, releasing each text once decoded
 * (its slot in `texts` is cleared): the caller holds the texts, never every decoded result at once.
 */
export function* decodeEachPartitionResult(texts: (string | undefined)[]): Generator<PartitionResult> {
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i];
    if (text === undefined) throw new Error(`partition result ${i} was already decoded`);
    texts[i] = undefined;
    yield decodePartitionResult(text);
  }
}
