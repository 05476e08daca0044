import type { CsvFormat, CsvRow, RowReader } from "@recon/connectors";
import { normalizeCurrency, type TransactionType } from "@recon/domain";

/**
 * Settlement details report columns:
 * https://docs.adyen.com/developers/reporting/settlement-detail-report/settlement-detail-report-structure
 * Journal types (Type): .../settlement-detail-report-structure/journal-types
 */
const SDR = {
  merchantAccount: "Merchant Account",
  pspReference: "Psp Reference",
  merchantReference: "Merchant Reference",
  creationDate: "Creation Date",
  timeZone: "TimeZone",
  type: "Type",
  modificationReference: "Modification Reference",
  grossCurrency: "Gross Currency",
  grossDebit: "Gross Debit (GC)",
  grossCredit: "Gross Credit (GC)",
  netCurrency: "Net Currency",
  netDebit: "Net Debit (NC)",
  netCredit: "Net Credit (NC)",
  commission: "Commission (NC)",
  markup: "Markup (NC)",
  schemeFees: "Scheme Fees (NC)",
  interchange: "Interchange (NC)",
} as const;

const COSTS = [SDR.commission, SDR.markup, SDR.schemeFees, SDR.interchange];

/** What each booked journal type is; every line of this report is money already booked. */
const TYPES: Readonly<Record<string, TransactionType>> = {
  Settled: "payment",
  SettledBulk: "payment",
  Refunded: "refund",
  RefundedBulk: "refund",
  RefundedReversed: "refund",
  Chargeback: "dispute",
  SecondChargeback: "dispute",
  ChargebackReversed: "dispute",
  ChargebackExternally: "dispute",
  ChargebackReversedExternally: "dispute",
  MerchantPayout: "payout",
  BankInstructionReturned: "payout",
  PaidOut: "payout",
  PaidOutReversed: "payout",
  Fee: "fee",
  MiscCosts: "fee",
  PaymentCost: "fee",
  AuthorisationSchemeFee: "fee",
  InvoiceDeduction: "adjustment",
  DepositCorrection: "adjustment",
  MatchedStatement: "adjustment",
  ManualCorrected: "adjustment",
  Balancetransfer: "adjustment",
  InternalCompanyPayout: "adjustment",
  EpaPaid: "adjustment",
};

/** Credit minus debit of a pair of money columns; an empty cell is no money. */
function signed(row: CsvRow, read: RowReader, debit: string, credit: string, currency: string): bigint | null {
  const d = read.cell(row, debit);
  const c = read.cell(row, credit);
  if (d === null && c === null) return null;
  return (c === null ? 0n : read.amount(row, credit, currency)) - (d === null ? 0n : read.amount(row, debit, currency));
}

/**
 * Adyen: Settlement details report (Reports → Settlement details, CSV), one line per booking of a
 * settlement batch, in the account's time zone ("2012-07-26 19:58:55" and "CET"). Amounts are in
 * the net (settlement) currency: gross = net + costs (commission, markup, scheme fees,
 * interchange). A settled payment's id is its PSP reference (as the Payment accounting report's);
 * refunds and chargebacks are under their modification reference, the payment's in relatedIds;
 * payouts, fees and corrections under their modification reference.
 */
export const settlementDetailsFormat: CsvFormat = {
  source: "adyen",
  name: "adyen-settlement-details",
  title: "Adyen: Settlement details report (CSV)",
  required: [SDR.merchantAccount, SDR.pspReference, SDR.creationDate, SDR.timeZone, SDR.type, SDR.modificationReference, SDR.netCurrency, SDR.netDebit, SDR.netCredit],
  optional: [
    "Company Account", SDR.merchantReference, "Payment Method", SDR.grossCurrency, SDR.grossDebit, SDR.grossCredit, "Exchange Rate",
    ...COSTS, "Payment Method Variant", "Modification Merchant Reference", "Batch Number",
  ],
  idColumn: SDR.modificationReference,
  amountColumns: [SDR.grossDebit, SDR.grossCredit, SDR.netDebit, SDR.netCredit, ...COSTS],
  currencyColumn: SDR.netCurrency,
  localTime: { date: SDR.creationDate, time: SDR.creationDate, zone: SDR.timeZone },
  occurredAt: (row, read) => read.localTime(row),
  normalize(row, read) {
    const journal = read.cell(row, SDR.type) ?? "";
    const type = Object.hasOwn(TYPES, journal) ? TYPES[journal] : undefined;
    if (!type) throw new Error(`${SDR.type}: unknown journal type "${journal}"`);
    const modification = read.cell(row, SDR.modificationReference);
    if (modification === null) throw new Error(`${SDR.modificationReference}: empty`);
    const psp = read.cell(row, SDR.pspReference);
    if ((type === "payment" || type === "refund" || type === "dispute") && psp === null) throw new Error(`${SDR.pspReference}: empty on a ${journal} line`);
    const currency = read.currency(row);
    const net = signed(row, read, SDR.netDebit, SDR.netCredit, currency);
    if (net === null) throw new Error(`${SDR.netCredit}: empty, and so is ${SDR.netDebit}`);
    const fee = COSTS.reduce((sum, column) => sum + (read.cell(row, column) === null ? 0n : read.amount(row, column, currency)), 0n);
    const gross = net + fee;
    const grossCurrency = read.cell(row, SDR.grossCurrency);
    if (grossCurrency !== null && normalizeCurrency(grossCurrency) === currency) {
      const written = signed(row, read, SDR.grossDebit, SDR.grossCredit, currency);
      if (written !== null && written !== gross) {
        throw new Error(`${written < 0n ? SDR.grossDebit : SDR.grossCredit}: the gross is not the net plus the costs (${SDR.netCredit} − ${SDR.netDebit} + costs)`);
      }
    }
    const payment = type === "payment";
    const related = type === "refund" || type === "dispute";
    return {
      side: "processor",
      record: {
        processor: "adyen",
        externalId: payment ? psp! : modification,
        relatedIds: payment ? [modification] : related ? [psp!] : [],
        reference: read.cell(row, SDR.merchantReference),
        merchantId: read.cell(row, SDR.merchantAccount),
        grossMinor: gross,
        feeMinor: fee,
        netMinor: net,
        currency,
        status: "succeeded",
        rawStatus: journal,
        type,
        occurredAt: read.localTime(row),
        raw: row,
      },
    };
  },
};
