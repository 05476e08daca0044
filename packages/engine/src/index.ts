export { reconcile, DEFAULT_PASSES } from "./reconcile";
export type { MatchedPair, ReconcileInput, ReconcileResult, RecordSource } from "./types";
export type { MatchPass, MatchState, Pairing } from "./match-pass";
export { pairByKeys } from "./match-pass";
export { LedgerIndex } from "./ledger-index";
export { externalIdPass } from "./passes/external-id-pass";
export { relatedIdPass } from "./passes/related-id-pass";
export { comparePair } from "./compare-pair";
export {
  computeFigures,
  primaryCurrencyOf,
  DEFAULT_PRIMARY_CURRENCY,
  type FiguresInput,
} from "./run-figures";
