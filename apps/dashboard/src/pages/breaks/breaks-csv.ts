// /breaks.csv: the filtered list as CSV, streamed row by row from a cursor (memory stays flat).
// Free text through textCell (formula-safe), our own values through valueCell; amounts in each
// currency's exponent, with the currency beside them (never summed or compared across).
import type { BreakRow } from "@recon/db";
import { formatMinorUnits } from "@recon/domain";
import { textCell, valueCell } from "@recon/reports";

const BREAKS_CSV_COLUMNS = [
  "id", "processor", "kind", "processor_external_id", "internal_external_id", "amount_at_risk", "currency", "age_days",
  "first_seen_run_date", "last_seen_run_date", "status", "resolution", "resolved_by", "note", "reason",
];

const LINE_END = "\r\n";

export function breaksCsvHeader(): string {
  return BREAKS_CSV_COLUMNS.join(",") + LINE_END;
}

export function breaksCsvLine(b: BreakRow): string {
  return [
    valueCell(b.id), textCell(b.processor), textCell(b.kind), textCell(b.processorExternalId), textCell(b.internalExternalId),
    valueCell(formatMinorUnits(b.amountAtRiskMinor, b.currency)), textCell(b.currency), valueCell(String(b.ageDays)),
    valueCell(b.firstSeenRunDate), valueCell(b.lastSeenRunDate), textCell(b.status), textCell(b.resolution), textCell(b.resolvedBy),
    textCell(b.note), textCell(b.reason),
  ].join(",") + LINE_END;
}
