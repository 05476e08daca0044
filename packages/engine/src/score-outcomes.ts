import type { ReconcileResult } from "./types";
import { compareStrings } from "./canonical-order";

/** An outcome as ground truth states it: a kind and the records it covers (ids sorted). */
export interface LabelledOutcome {
  kind: string;
  processorIds: string[];
  internalIds: string[];
}

export interface KindScore {
  expected: number;
  predicted: number;
  truePositives: number;
  /** truePositives / predicted; 1 when nothing was predicted. */
  precision: number;
  /** truePositives / expected; 1 when nothing was expected. */
  recall: number;
}

/**
 * The engine's result as labelled outcomes, one per record set: matched pairs, matched groups
 * (`matched_group`), discrepancies by kind, and grace-period records (`out_of_window`, one per
 * record since they carry no pairing).
 */
export function outcomesOf(result: Pick<ReconcileResult, "matched" | "matchedGroups" | "discrepancies" | "outOfWindow">): LabelledOutcome[] {
  const out: LabelledOutcome[] = [];
  for (const m of result.matched) out.push({ kind: "matched", processorIds: [m.processorId], internalIds: [m.internalId] });
  for (const g of result.matchedGroups)
    out.push({ kind: "matched_group", processorIds: g.processorIds, internalIds: g.internalIds });
  for (const d of result.discrepancies) {
    out.push({
      kind: d.kind,
      processorIds: d.processorExternalId === null ? [] : [d.processorExternalId],
      internalIds: d.internalExternalId === null ? [] : [d.internalExternalId],
    });
  }
  for (const id of result.outOfWindow.processorIds) out.push({ kind: "out_of_window", processorIds: [id], internalIds: [] });
  for (const id of result.outOfWindow.internalIds) out.push({ kind: "out_of_window", processorIds: [], internalIds: [id] });
  return out;
}

/** Truth's out-of-window pairs are scored per record, as the engine reports them. */
function explode(outcome: LabelledOutcome): LabelledOutcome[] {
  if (outcome.kind !== "out_of_window") return [outcome];
  return [
    ...outcome.processorIds.map((id) => ({ kind: outcome.kind, processorIds: [id], internalIds: [] })),
    ...outcome.internalIds.map((id) => ({ kind: outcome.kind, processorIds: [], internalIds: [id] })),
  ];
}

function keyOf(o: LabelledOutcome): string {
  const p = [...o.processorIds].sort(compareStrings).join(",");
  const l = [...o.internalIds].sort(compareStrings).join(",");
  return `${o.kind}|${p}|${l}`;
}

/**
 * Precision and recall per kind: an outcome counts as correct only when its kind AND the exact
 * set of records on both sides agree with the truth. Multiset semantics, so a duplicate
 * reported twice where truth has it once costs precision.
 */
export function scoreOutcomes(
  predicted: readonly LabelledOutcome[],
  truth: readonly LabelledOutcome[],
): Record<string, KindScore> {
  const expectedKeys = new Map<string, number>();
  const scores: Record<string, KindScore> = {};
  const scoreOf = (kind: string): KindScore =>
    (scores[kind] ??= { expected: 0, predicted: 0, truePositives: 0, precision: 1, recall: 1 });
  for (const t of truth.flatMap(explode)) {
    scoreOf(t.kind).expected += 1;
    const k = keyOf(t);
    expectedKeys.set(k, (expectedKeys.get(k) ?? 0) + 1);
  }
  for (const p of predicted) {
    const s = scoreOf(p.kind);
    s.predicted += 1;
    const k = keyOf(p);
    const left = expectedKeys.get(k) ?? 0;
    if (left > 0) {
      s.truePositives += 1;
      expectedKeys.set(k, left - 1);
    }
  }
  for (const s of Object.values(scores)) {
    s.precision = s.predicted === 0 ? 1 : s.truePositives / s.predicted;
    s.recall = s.expected === 0 ? 1 : s.truePositives / s.expected;
  }
  return scores;
}
