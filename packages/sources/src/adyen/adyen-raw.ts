/** One generated day of the sandbox's Adyen merchant account: the lines of its Payment accounting report. */
export interface AdyenReportDay {
  /** Keyed by column name (PAR_COLUMNS), every cell a string as the CSV writes it. */
  lines: Record<string, string>[];
}
