export { generateTruthDay, TRUTH_DAY_DEFAULT_SIZE, TRUTH_DAY_GRACE_MS } from "./generate-truth-day";
export type { TruthDay, TruthDayOptions, TruthKind, TruthOutcome } from "./truth-types";
export { storableTruthDay } from "./storable-day";
