export { reconcile } from "./reconcile";
export { reconcilePartition, KEYED_PASSES } from "./reconcile-partition";
export { settlePartitions, type SettleInput } from "./settle-partitions";
export { encodePartitionResult, decodePartitionResult, decodeEachPartitionResult } from "./partition-codec";
export { linkKeysOfLedger, linkKeysOfProcessor } from "./link-keys";
export type { PartitionFigures, PartitionInput, PartitionLeftovers, PartitionResult, StagedTally } from "./partition-result";
export { stageOutcomes, pairedIdsOf, type StagedOutcomes } from "./staged-outcomes";
export type { Claim, ClaimOnId, ExportedClaims } from "./leftover-ledger";
export type { PaymentLink } from "./payment-links";
export type { MatchedPair, ReconcileInput, ReconcileResult, RecordSource } from "./types";
export type { MatchPass, MatchState, Pairing } from "./match-pass";
export { pairByKeys } from "./match-pass";
export { LedgerIndex } from "./ledger-index";
export { externalIdPass } from "./passes/external-id-pass";
export { relatedIdPass } from "./passes/related-id-pass";
export { comparePair } from "./compare-pair";
export { computeFigures, primaryCurrencyOf, DEFAULT_PRIMARY_CURRENCY, type FiguresInput } from "./run-figures";
export type { CurrencyVolume } from "./currency-volume";
export type { MatchedGroup, OutOfWindow, Presettled } from "./types";
export type { Grouping } from "./match-pass";
export { referencePass } from "./passes/reference-pass";
export { groupedPass, findExactSubset } from "./passes/grouped-pass";
export { tolerancePass } from "./passes/tolerance-pass";
export {
  resolveMatchOptions,
  inWindow,
  DEFAULT_AMOUNT_TOLERANCE_BPS,
  DEFAULT_TIME_TOLERANCE_MS,
  DEFAULT_MAX_GROUP_CANDIDATES,
  type DayWindow,
  type MatchOptions,
  type ResolvedMatchOptions,
} from "./options";
export { compareDiscrepancies, compareStrings } from "./canonical-order";
export { outcomesOf, scoreOutcomes, type KindScore, type LabelledOutcome } from "./score-outcomes";
