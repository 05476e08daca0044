/**
 * Adyen's Payment accounting report: one CSV a day per merchant account, one line per journal
 * (status change or modification) of a payment, in the account's time zone.
 * Columns: https://docs.adyen.com/reporting/invoice-reconciliation/payment-accounting-report
 * Legend (amounts are fixed point at the currency's exponent, UTF-8):
 * https://docs.adyen.com/developers/reporting/payment-accounting-report/payment-accounting-report-legend
 * Only transactional journals are listed; payouts, fees and corrections are in the Settlement
 * details report: https://help.adyen.com/knowledge/finance/reports-and-reconciliation/interactive-payment-accounting-report
 */
export const PAR = {
  companyAccount: "Company Account",
  merchantAccount: "Merchant Account",
  pspReference: "Psp Reference",
  merchantReference: "Merchant Reference",
  paymentMethod: "Payment Method",
  bookingDate: "Booking Date",
  timeZone: "TimeZone",
  mainCurrency: "Main Currency",
  mainAmount: "Main Amount",
  recordType: "Record Type",
  paymentCurrency: "Payment Currency",
  receivedPc: "Received (PC)",
  authorisedPc: "Authorised (PC)",
  capturedPc: "Captured (PC)",
  settlementCurrency: "Settlement Currency",
  payableSc: "Payable (SC)",
  commissionSc: "Commission (SC)",
  markupSc: "Markup (SC)",
  schemeFeesSc: "Scheme Fees (SC)",
  interchangeSc: "Interchange (SC)",
  paymentMethodVariant: "Payment Method Variant",
  modificationMerchantReference: "Modification Merchant Reference",
  /** An additional column: the reference of the refund or chargeback a line is about. */
  modificationPspReference: "Modification Psp Reference",
} as const;

/** Every column, in the order the emulator writes them. */
export const PAR_COLUMNS: readonly string[] = Object.values(PAR);

/** The costs Adyen deducts on a booked line, all in the settlement currency (interchange++ pricing). */
export const PAR_FEE_COLUMNS: readonly string[] = [PAR.commissionSc, PAR.markupSc, PAR.schemeFeesSc, PAR.interchangeSc];

/** "payments_accounting_report_2024_03_01.csv" for the report of 2024-03-01. */
export function paymentAccountingFileName(day: string): string {
  return `payments_accounting_report_${day.replaceAll("-", "_")}.csv`;
}

/** The day ("2024-03-01") of a Payment accounting report file name, or null for any other name. */
export function dayOfPaymentAccountingFile(fileName: string): string | null {
  const match = /^payments_accounting_report_(\d{4})_(\d{2})_(\d{2})\.csv$/.exec(fileName);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}
