import type { ProcessorTransaction, RejectedRecordInput, TransactionType } from "@recon/domain";
import { journalType, OPENING_JOURNALS, type JournalSubject } from "./adyen-journals";
import { readJournalRow, referencesOf, type JournalRow } from "./journal-row";
import { PAR } from "./payment-accounting-columns";

/** The lines of one record: a payment (by PSP reference) or one refund or chargeback (by its own reference). */
interface Group {
  subject: JournalSubject;
  externalId: string;
  raws: Record<string, string>[];
  rows: JournalRow[];
  /** Why lines of the group could not be read, by their index in raws. */
  problems: Map<number, string>;
}

/** The lines of one record that could not be folded, and when its earliest readable line was booked (null: none readable). */
export interface Quarantined {
  openedAt: Date | null;
  lines: RejectedRecordInput[];
}

export interface FoldResult {
  records: ProcessorTransaction[];
  quarantined: Quarantined[];
  /** Records whose opening journal (Received, Authorised, SentForRefund, Chargeback) is in none of the reports read: the report of their opening day yields them. */
  openedEarlier: number;
}

const TYPE_OF: Record<JournalSubject, TransactionType> = { payment: "payment", refund: "refund", dispute: "dispute" };
const NAME_OF: Record<JournalSubject, string> = { payment: "payment", refund: "refund", dispute: "chargeback" };

/** The subject a line is about when its journal type can be read; payment otherwise. */
function subjectOf(raw: Record<string, string>): JournalSubject {
  try {
    return journalType(raw[PAR.recordType]?.trim() ?? "").subject;
  } catch {
    return "payment";
  }
}

/**
 * Folds the journal lines of the Payment accounting report into one record per payment, refund
 * and chargeback. A payment's status is its latest journal's, its fee the costs of its booked
 * (settled) lines; refunds and chargebacks are records of their own under their modification
 * reference, the payment's PSP reference in relatedIds. A record any of whose lines cannot be read,
 * or which has two different lines of one journal, is quarantined whole (every line of it, with
 * the reason): a status or fee folded from the rest would be wrong. Identical repeated lines count once.
 */
export class JournalFold {
  private readonly groups = new Map<string, Group>();
  private readonly alone: Quarantined[] = [];

  add(raw: Record<string, string>): void {
    const refs = referencesOf(raw);
    let row: JournalRow | null = null;
    let problem: string | null = null;
    try {
      row = readJournalRow(raw);
    } catch (error) {
      problem = (error as Error).message;
    }
    if (refs.pspReference === null) {
      this.alone.push({ openedAt: null, lines: [{ source: "adyen", externalId: null, reason: problem ?? `${PAR.pspReference}: empty`, raw }] });
      return;
    }
    const subject = row?.type.subject ?? subjectOf(raw);
    const externalId = subject === "payment" ? refs.pspReference : (refs.modificationReference ?? refs.pspReference);
    const key = `${subject}:${externalId}`;
    let group = this.groups.get(key);
    if (!group) {
      group = { subject, externalId, raws: [], rows: [], problems: new Map() };
      this.groups.set(key, group);
    }
    group.raws.push(raw);
    if (row) group.rows.push(row);
    else group.problems.set(group.raws.length - 1, problem!);
  }

  result(): FoldResult {
    const records: ProcessorTransaction[] = [];
    const quarantined: Quarantined[] = [...this.alone];
    let openedEarlier = 0;
    for (const group of this.groups.values()) {
      const problem = groupProblem(group);
      if (problem !== null) {
        const times = group.rows.map((r) => r.bookedAt.getTime());
        quarantined.push({ openedAt: times.length > 0 ? new Date(Math.min(...times)) : null, lines: quarantine(group, problem) });
        continue;
      }
      const record = foldGroup(group);
      if (record === null) openedEarlier += 1;
      else records.push(record);
    }
    return { records, quarantined, openedEarlier };
  }
}

/** The first reason the group cannot be folded exactly, or null. */
function groupProblem(group: Group): string | null {
  const first = group.problems.values().next();
  if (!first.done) return first.value;
  const byJournal = new Map<string, JournalRow>();
  for (const row of group.rows) {
    const seen = byJournal.get(row.journal);
    if (seen && !sameLine(seen.raw, row.raw)) {
      return `${PAR.recordType}: two different ${row.journal} lines for ${NAME_OF[group.subject]} ${group.externalId}`;
    }
    byJournal.set(row.journal, row);
  }
  const currencies = new Set(group.rows.map((r) => r.currency));
  if (currencies.size > 1) return `${PAR.mainCurrency}: the lines of ${NAME_OF[group.subject]} ${group.externalId} are in ${[...currencies].join(" and ")}`;
  return null;
}

function sameLine(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? "").trim() === (b[k] ?? "").trim());
}

function quarantine(group: Group, problem: string): RejectedRecordInput[] {
  return group.raws.map((raw, index) => ({
    source: "adyen",
    externalId: group.externalId,
    reason: group.problems.get(index) ?? (group.problems.size > 0 ? `another line of ${NAME_OF[group.subject]} ${group.externalId} could not be read (${problem})` : problem),
    raw,
  }));
}

/** The record of a readable group, or null when its opening journal is not among the lines read. */
function foldGroup(group: Group): ProcessorTransaction | null {
  // Repeated identical lines count once.
  const rows = [...new Map(group.rows.map((r) => [r.journal, r])).values()];
  rows.sort((a, b) => a.bookedAt.getTime() - b.bookedAt.getTime() || a.type.rank - b.type.rank);
  const opening = rows.find((r) => OPENING_JOURNALS.has(r.journal));
  if (!opening) return null;
  const latest = rows.at(-1)!;
  const sign = group.subject === "payment" ? 1n : -1n;
  const grossMinor = sign * latest.amountMinor;
  const feeMinor = rows.filter((r) => r.booked).reduce((sum, r) => sum + r.feeMinor, 0n);
  return {
    processor: "adyen",
    externalId: group.externalId,
    relatedIds: group.subject === "payment" ? [] : [opening.pspReference],
    reference: opening.merchantReference,
    merchantId: opening.merchantAccount,
    grossMinor,
    feeMinor,
    netMinor: grossMinor - feeMinor,
    currency: opening.currency,
    status: latest.type.status,
    rawStatus: latest.journal,
    type: TYPE_OF[group.subject],
    occurredAt: opening.bookedAt,
    raw: { journals: rows.map((r) => r.raw) },
  };
}
