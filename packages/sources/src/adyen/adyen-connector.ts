import { PermanentConnectorError, type FetchPage, type FetchWindow, type ProcessorConnector } from "@recon/connectors";
import { RetryLaterError, type ProcessorTransaction, type RejectedRecordInput } from "@recon/domain";
import { parse } from "csv-parse";
import { zoneOffsetMinutes } from "./booking-time";
import { JournalFold } from "./fold-journals";
import { PAR, paymentAccountingFileName } from "./payment-accounting-columns";
import { neighbourDays, shiftDay, utcDays } from "./report-days";
import { createReportDownloader, type ReportDownloadOptions } from "./report-download";

export interface AdyenConnectorOptions extends ReportDownloadOptions {
  /** Records per yielded page, default 500. */
  pageSize?: number;
  /** Attempts at one report when its reply is cut mid-file (axios-retry cannot retry a stream), default 3. */
  streamAttempts?: number;
  /**
   * Reports after the window's read for the later journals of its payments (Adyen settles a
   * payment a day or more after it is authorised), stopping at the first not generated yet;
   * default 3. Their own records belong to their own windows.
   */
  lookaheadDays?: number;
  /**
   * Days after which a report still missing will not come (Adyen generates a day's report early
   * the next morning, CET), default 3: older missing reports fail the fetch instead of waiting.
   */
  missingAfterDays?: number;
  /** The clock, for tests. */
  now?: () => Date;
}

/**
 * Adyen through its daily Payment accounting reports, written in the account's time zone:
 * downloads the report of every UTC day the window touches, then the day after (a zone ahead of
 * UTC) or before (behind UTC) when the reports' TimeZone says bookings of the window are there,
 * folds their journal lines into payments, refunds and chargebacks (fold-journals.ts) and yields,
 * in pages, the records opened in [start, end) and the quarantined ones of the window, each with
 * the status of its latest journal in the reports read (lookaheadDays more of them, when
 * generated). A report of the window not generated yet makes the fetch retry later.
 */
export function createAdyenConnector(options: AdyenConnectorOptions): ProcessorConnector {
  const download = createReportDownloader(options);
  const pageSize = options.pageSize ?? 500;
  const attempts = options.streamAttempts ?? 3;
  const lookahead = options.lookaheadDays ?? 3;
  const missingAfterDays = options.missingAfterDays ?? 3;
  const now = options.now ?? (() => new Date());

  /** A report of the window that is not there: worth waiting for only while it may still be generated. */
  async function required(day: string, read: (day: string) => Promise<void>): Promise<void> {
    try {
      await read(day);
    } catch (error) {
      if (!(error instanceof RetryLaterError) || shiftDay(day, missingAfterDays + 1) > now().toISOString().slice(0, 10)) throw error;
      throw new PermanentConnectorError(
        `Adyen has no Payment accounting report for ${day} (${paymentAccountingFileName(day)}), ${missingAfterDays} days on: check that the report is generated automatically for ${options.merchantAccount}`,
        { cause: error },
      );
    }
  }

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
        if (attempt < attempts) continue;
        // The same malformed file every time is not going to change; a reply cut short might.
        const code = (error as { code?: unknown }).code;
        const malformed = typeof code === "string" && code.startsWith("CSV_");
        const message = `Adyen report ${fileName} could not be read whole: ${(error as Error).message}`;
        throw malformed ? new PermanentConnectorError(`${message} (not well-formed CSV)`, { cause: error }) : new Error(message, { cause: error });
      }
    }
  }

  return {
    processor: "adyen",
    async *fetch(window: FetchWindow): AsyncGenerator<FetchPage<ProcessorTransaction>> {
      const fold = new JournalFold();
      const zones = new Set<string>();
      const read = async (day: string) => {
        for (const line of await reportLines(paymentAccountingFileName(day))) {
          zones.add(line[PAR.timeZone]?.trim() ?? "");
          fold.add(line);
        }
      };
      /** A later report read only for the journals it adds to the window's records: not generated yet is no error. */
      const readIfGenerated = async (day: string): Promise<boolean> => {
        try {
          await read(day);
          return true;
        } catch (error) {
          if (error instanceof RetryLaterError) return false;
          throw error;
        }
      };
      const days = utcDays(window);
      for (const day of days) await required(day, read);
      const offsets = [...zones].map((zone) => zoneOffsetMinutes(zone, days[0]!)).filter((o) => o !== null);
      const neighbours = neighbourDays(days, offsets);
      for (const day of neighbours) await required(day, read);
      let later = shiftDay([...days, ...neighbours].sort().at(-1) ?? "", 1);
      for (let i = 0; i < lookahead && days.length > 0; i++, later = shiftDay(later, 1)) {
        if (!(await readIfGenerated(later))) break;
      }
      const inWindow = (at: Date) => at >= window.start && at < window.end;
      const { records, quarantined } = fold.result();
      const yielded = records.filter((r) => inWindow(r.occurredAt)).sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.externalId < b.externalId ? -1 : 1));
      // A quarantined record belongs to the window it opened in; with no readable time, to every window that reads it.
      const rejected = quarantined.filter((q) => q.openedAt === null || inWindow(q.openedAt)).flatMap((q) => q.lines);
      yield* pages(yielded, rejected, pageSize);
    },
  };
}

function* pages(records: ProcessorTransaction[], rejected: RejectedRecordInput[], size: number): Generator<FetchPage<ProcessorTransaction>> {
  for (let i = 0; i < records.length; i += size) yield { records: records.slice(i, i + size), rejected: [] };
  for (let i = 0; i < rejected.length; i += size) yield { records: [], rejected: rejected.slice(i, i + size) };
}
