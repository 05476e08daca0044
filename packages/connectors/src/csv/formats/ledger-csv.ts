import { formatMinorUnits, isProcessor, PROCESSORS } from "@recon/domain";
import { normalizeLedgerRecord } from "../../ledger/ledger-normalize";
import type { CsvFormat } from "../csv-format";

/**
 * The company's ledger: the ledger API's record as CSV columns, so the same rules apply (the
 * API's normaliser checks each row). Amounts in major units, in the file's conventions (a
 * spreadsheet in a European locale writes 1234,56 and separates fields with ";");
 * `occurred_at` ISO 8601 with an offset; empty processor_ref, reference or fee mean unknown.
 */
export const ledgerCsv: CsvFormat = {
  source: "internal",
  name: "ledger-csv",
  title: "Internal ledger CSV (id,processor,processor_ref,reference,amount,currency,fee,status,occurred_at)",
  required: ["id", "processor", "processor_ref", "reference", "amount", "currency", "fee", "status", "occurred_at"],
  optional: [],
  idColumn: "id",
  amountColumns: ["amount", "fee"],
  currencyColumn: "currency",
  localTime: null,
  occurredAt(row) {
    const at = new Date(row.occurred_at ?? "");
    if (Number.isNaN(at.getTime())) throw new Error(`occurred_at: "${row.occurred_at ?? ""}" is not an ISO 8601 instant`);
    return at;
  },
  normalize(row, read) {
    const processor = row.processor?.trim() ?? "";
    if (!isProcessor(processor)) throw new Error(`processor: expected ${PROCESSORS.join(", ")}, got "${processor}"`);
    const currency = read.currency(row);
    const fee = read.cell(row, "fee");
    const result = normalizeLedgerRecord(
      {
        ...row,
        processor_ref: read.cell(row, "processor_ref"),
        reference: read.cell(row, "reference"),
        amount: formatMinorUnits(read.amount(row, "amount", currency), currency),
        currency,
        fee: fee === null ? null : formatMinorUnits(read.amount(row, "fee", currency), currency),
      },
      processor,
    );
    if (!result.ok) throw new Error(result.rejected.reason);
    return { side: "internal", record: { ...result.record, raw: row } };
  },
};
