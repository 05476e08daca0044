import { compareLedgerRecords, compareProcessorRecords } from "./canonical-order";
import { collect } from "./collect";
import { LedgerClaims } from "./leftover-ledger";
import { LedgerIndex } from "./ledger-index";
import type { MatchPass, MatchState } from "./match-pass";
import { normalizeLedgerRecord, normalizeProcessorRecord } from "./normalize-records";
import { resolveMatchOptions } from "./options";
import { Outcomes } from "./outcomes";
import type { PartitionInput, PartitionResult } from "./partition-result";
import { externalIdPass } from "./passes/external-id-pass";
import { groupedPass } from "./passes/grouped-pass";
import { referencePass } from "./passes/reference-pass";
import { relatedIdPass } from "./passes/related-id-pass";
import { linkToPayments, paymentLinksOf, type PaymentLink } from "./payment-links";
import type { CurrencyVolume } from "./currency-volume";
import { addProcessorVolume } from "./run-figures";
import { splitDuplicates } from "./split-duplicates";
import { emptyStagedTally } from "./staged-outcomes";

/**
 * The keyed passes, most certain first: ids, then the merchant reference with the exact amount,
 * then exact sums of several records of one reference. Every decision they make involves only
 * records sharing a link key, so they run per partition; the tolerance pass, which pairs records
 * sharing nothing, runs after them over every partition's leftovers (settlePartitions).
 */
export const KEYED_PASSES: readonly MatchPass[] = [externalIdPass, relatedIdPass, referencePass, groupedPass];

/**
 * Phase 1, run once per partition of a link-closed partitioning (see linkKeysOfProcessor): reads
 * and checks the records, splits duplicate ids, runs the keyed passes and turns everything they
 * settled into outcomes. What could still depend on records of other partitions (the records
 * left unpaired, with what classifying them needs) is returned as leftovers for settlePartitions.
 * The result depends only on the set of input records, never on their order.
 */
export async function reconcilePartition(input: PartitionInput): Promise<PartitionResult> {
  const options = resolveMatchOptions(input.options);
  const [rawProcessor, rawLedger] = await Promise.all([
    collect(input.processorTransactions),
    collect(input.internalTransactions),
  ]);
  const processorRecords = rawProcessor.map((record) => normalizeProcessorRecord(record, input.processor));
  const ledgerRecords = rawLedger.map((record) => normalizeLedgerRecord(record, input.processor));

  const processor = splitDuplicates(processorRecords, (r) => r.externalId, compareProcessorRecords);
  const ledger = splitDuplicates(ledgerRecords, (r) => r.externalId, compareLedgerRecords);

  const state: MatchState = {
    ledger: new LedgerIndex(ledger.unique),
    pending: processor.unique,
    pairings: [],
    groupings: [],
    options,
  };
  for (const pass of KEYED_PASSES) pass.run(state);

  const outcomes = new Outcomes(options.window);
  outcomes.addPairings(state.pairings);
  outcomes.addGroupings(state.groupings);
  outcomes.addDuplicates(processor.duplicates, ledger.duplicates);
  // Every copy of an id is in this partition, so its link is final here, for the leftovers too.
  const links = paymentLinksOf([...processor.unique, ...processor.duplicates]);
  linkToPayments(outcomes.discrepancies, links);

  const claims = new LedgerClaims();
  claims.add(state.pairings);
  const leftoverLedger = state.ledger.unconsumed();
  const processorVolume: Record<string, CurrencyVolume> = {};
  addProcessorVolume(processorVolume, processor.unique.filter((p) => outcomes.inDay(p)));

  return {
    recordCount: rawProcessor.length + rawLedger.length,
    matched: outcomes.matched,
    matchedGroups: outcomes.matchedGroups,
    discrepancies: outcomes.discrepancies,
    outOfWindow: outcomes.outOfWindow,
    figures: {
      processorVolume,
      internalCount: ledger.unique.filter((l) => outcomes.inDay(l)).length,
    },
    leftovers: {
      processor: state.pending,
      ledger: leftoverLedger,
      claims: claims.export(leftoverLedger.flatMap((l) => (l.processorRef === null ? [] : [l.processorRef]))),
      paymentLinks: state.pending.flatMap((p): PaymentLink[] => {
        const link = links.get(p.externalId);
        return link === undefined ? [] : [link];
      }),
    },
    staged: emptyStagedTally(),
  };
}
