import type { FetchPage, FetchWindow, ProcessorConnector } from "@recon/connectors";
import type { ProcessorTransaction, RejectedRecordInput } from "@recon/domain";
import { parse } from "csv-parse";
import { JournalFold } from "./fold-journals";
import { paymentAccountingFileName } from "./payment-accounting-columns";
import { reportDays } from "./report-days";
import { createReportDownloader, type ReportDownloadOptions } from "./report-download";

export interface AdyenConnectorOptions extends ReportDownloadOptions {
  /** The account's report time zone (IANA), default "UTC": which daily reports hold the window. */
  reportTimeZone?: string;
  /** Records per yielded page, default 500. */
  pageSize?: number;
  /** Attempts at one report when its reply is cut mid-file (axios-retry cannot retry a stream), default 3. */
  streamAttempts?: number;
}

/**
 * Adyen through its daily Payment accounting reports: downloads the report of every day of the
 * account's zone the window touches, folds their journal lines into payments, refunds and
 * chargebacks (fold-journals.ts) and yields, in pages, the records opened in [start, end) with the
 * lines that could not be read. A report not generated yet makes the fetch retry later.
 */
export function createAdyenConnector(options: AdyenConnectorOptions): ProcessorConnector {
  const download = createReportDownloader(options);
  const zone = options.reportTimeZone ?? "UTC";
  const pageSize = options.pageSize ?? 500;
  const attempts = options.streamAttempts ?? 3;

  /** Every line of one report; a reply cut mid-file is asked again, so no line is read twice. */
  async function reportLines(fileName: string): Promise<Record<string, string>[]> {
    for (let attempt = 1; ; attempt++) {
      const stream = await download(fileName);
      const lines: Record<string, string>[] = [];
      try {
        const parser = stream.pipe(parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true }));
        stream.once("error", (error) => parser.destroy(error));
        for await (const line of parser as AsyncIterable<Record<string, string>>) lines.push(line);
        return lines;
      } catch (error) {
        if (attempt >= attempts) throw new Error(`Adyen report ${fileName} could not be read whole: ${(error as Error).message}`, { cause: error });
      }
    }
  }

  return {
    processor: "adyen",
    async *fetch(window: FetchWindow): AsyncGenerator<FetchPage<ProcessorTransaction>> {
      const fold = new JournalFold();
      for (const day of reportDays(window, zone)) {
        for (const line of await reportLines(paymentAccountingFileName(day))) fold.add(line);
      }
      const { records, rejected } = fold.result();
      const inWindow = records
        .filter((r) => r.occurredAt >= window.start && r.occurredAt < window.end)
        .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.externalId < b.externalId ? -1 : 1));
      yield* pages(inWindow, rejected, pageSize);
    },
  };
}

function* pages(records: ProcessorTransaction[], rejected: RejectedRecordInput[], size: number): Generator<FetchPage<ProcessorTransaction>> {
  for (let i = 0; i < records.length; i += size) yield { records: records.slice(i, i + size), rejected: [] };
  for (let i = 0; i < rejected.length; i += size) yield { records: [], rejected: rejected.slice(i, i + size) };
}
