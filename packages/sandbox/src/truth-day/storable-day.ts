import type { TruthDay, TruthOutcome } from "./truth-types";

/**
 * The truth day as the database can hold it. The tables are unique on (processor, external id)
 * and on the ledger id, so a record delivered twice under the SAME id is merged on ingest by
 * design: those copies, and their `duplicate` truth outcomes, are left out. Duplicates under
 * different ids (double bookings) stay.
 */
export function storableTruthDay(day: TruthDay): TruthDay {
  const seenP = new Set<string>();
  const seenL = new Set<string>();
  const droppedP = new Set<string>();
  const droppedL = new Set<string>();
  const processor = day.processor.filter((p) => {
    if (seenP.has(p.externalId)) return (droppedP.add(p.externalId), false);
    seenP.add(p.externalId);
    return true;
  });
  const internal = day.internal.filter((l) => {
    if (seenL.has(l.externalId)) return (droppedL.add(l.externalId), false);
    seenL.add(l.externalId);
    return true;
  });
  const isDroppedCopy = (t: TruthOutcome): boolean =>
    t.kind === "duplicate" &&
    ((t.processorIds.length === 1 && t.internalIds.length === 0 && droppedP.has(t.processorIds[0]!)) ||
      (t.internalIds.length === 1 && t.processorIds.length === 0 && droppedL.has(t.internalIds[0]!)));
  return { ...day, processor, internal, truth: day.truth.filter((t) => !isDroppedCopy(t)) };
}
