import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { FetchPage } from "@recon/connectors";
import { PermanentError, RetryLaterError, type ProcessorTransaction } from "@recon/domain";
import type { Fault, RecordCorruptions } from "@recon/sandbox";
import { afterEach, describe, expect, it } from "vitest";
import { createAdyenConnector, type AdyenConnectorOptions } from "./adyen-connector";
import { startAdyenEmulator, type AdyenEmulator } from "./adyen-emulator";
import { generateAdyenDay, type GeneratedDay } from "./generated-day.test-support";
import { PAR } from "./payment-accounting-columns";

const DAYS = ["2024-03-01", "2024-03-02"];
const generated = new Map<string, GeneratedDay>(DAYS.map((day) => [day, generateAdyenDay(day, 40)]));
const dayOf = (day: string): GeneratedDay => generated.get(day) ?? generateAdyenDay(day, 0);

let emulator: AdyenEmulator | null = null;
afterEach(async () => {
  await emulator?.close();
  emulator = null;
});

async function start(options: { faults?: Fault[]; corrupt?: RecordCorruptions; available?: (day: string) => boolean } = {}): Promise<AdyenEmulator> {
  emulator = await startAdyenEmulator({ day: (d) => dayOf(d).raw, ...options });
  return emulator;
}

function connector(on: AdyenEmulator, overrides: Partial<AdyenConnectorOptions> = {}) {
  // No later reports unless a test asks: request counts then say exactly which reports were read.
  return createAdyenConnector({ apiKey: on.apiKey, merchantAccount: on.merchantAccount, reportBase: on.baseUrl, retryDelayMs: 10, lookaheadDays: 0, ...overrides });
}

async function fetchAll(pages: AsyncIterable<FetchPage<ProcessorTransaction>>) {
  const all: FetchPage<ProcessorTransaction>[] = [];
  for await (const page of pages) all.push(page);
  return { pages: all, records: all.flatMap((p) => p.records), rejected: all.flatMap((p) => p.rejected) };
}

const window = (start: string, end: string) => ({ start: new Date(start), end: new Date(end) });
const failure = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => new Error("fetched"), (error: unknown) => error);

describe("Adyen connector against the report emulator", () => {
  it("reads the report of every day of a two-day window, in pages", async () => {
    const on = await start();
    const { pages, records, rejected } = await fetchAll(connector(on, { pageSize: 25 }).fetch(window("2024-03-01T00:00:00Z", "2024-03-03T00:00:00Z")));
    const expected = DAYS.reduce((n, d) => n + dayOf(d).processorCount, 0);
    expect(rejected).toEqual([]);
    expect(records).toHaveLength(expected);
    expect(new Set(records.map((r) => r.externalId)).size).toBe(expected);
    expect(pages.length).toBe(Math.ceil(expected / 25));
    expect(pages.every((p) => p.records.length <= 25)).toBe(true);
    // UTC reports: no neighbouring day is read.
    expect(on.requestCount()).toBe(2);
    expect(on.exchanges()).toEqual([]);
  });

  it("yields only the records opened inside the window", async () => {
    const on = await start();
    const w = window("2024-03-01T12:00:00Z", "2024-03-02T06:00:00Z");
    const { records } = await fetchAll(connector(on).fetch(w));
    const opened = DAYS.flatMap((d) => [...dayOf(d).opened]).filter(([, at]) => at >= w.start && at < w.end);
    expect(records.map((r) => r.externalId).sort()).toEqual(opened.map(([id]) => id).sort());
    expect(opened.length).toBeGreaterThan(0);
  });

  it("reads the next day's report too when the account's zone is ahead of UTC, and only then", async () => {
    // The same bookings, written as a JST (UTC+9) account's reports are: local times, filed by local day.
    const jst = new Map<string, Record<string, string>[]>();
    for (const day of DAYS) {
      for (const line of dayOf(day).raw.lines) {
        const local = new Date(Date.parse(`${line[PAR.bookingDate]!.replace(" ", "T")}Z`) + 9 * 3_600_000).toISOString();
        const localDay = local.slice(0, 10);
        jst.set(localDay, [...(jst.get(localDay) ?? []), { ...line, [PAR.bookingDate]: `${localDay} ${local.slice(11, 19)}`, [PAR.timeZone]: "JST" }]);
      }
    }
    // Records opened in the window's last nine UTC hours are in the next day's JST report.
    expect([...dayOf("2024-03-01").opened.values()].some((at) => at >= new Date("2024-03-01T15:00:00Z"))).toBe(true);
    emulator = await startAdyenEmulator({ day: (d) => ({ lines: jst.get(d) ?? [] }) });
    const { records } = await fetchAll(connector(emulator).fetch(window("2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z")));
    expect(records.map((r) => r.externalId).sort()).toEqual([...dayOf("2024-03-01").processorIds].sort());
    expect(emulator.requestCount()).toBe(2);
  });

  it("takes a payment's later journals from the reports after the window, up to the first not generated yet", async () => {
    const lines = dayOf("2024-03-01").raw.lines;
    const settled = (l: Record<string, string>) => l[PAR.recordType] === "Settled";
    const later = lines.filter(settled).map((l) => ({ ...l, [PAR.bookingDate]: "2024-03-02 10:00:00" }));
    const days: Record<string, Record<string, string>[]> = { "2024-03-01": lines.filter((l) => !settled(l)), "2024-03-02": later };
    emulator = await startAdyenEmulator({ day: (d) => ({ lines: days[d] ?? [] }), available: (d) => d <= "2024-03-02" });
    const w = window("2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z");
    const payments = (records: ProcessorTransaction[]) => records.filter((r) => r.type === "payment");
    const alone = await fetchAll(connector(emulator).fetch(w));
    expect(new Set(payments(alone.records).map((r) => r.status))).toEqual(new Set(["pending"]));
    const ahead = await fetchAll(connector(emulator, { lookaheadDays: 3 }).fetch(w));
    expect(ahead.records).toHaveLength(dayOf("2024-03-01").processorCount);
    expect(payments(ahead.records).every((r) => r.status === "succeeded" && r.feeMinor > 0n)).toBe(true);
    // 2024-03-01 twice, then 2024-03-02 and the 404 of 2024-03-03, where the look ahead stops.
    expect(emulator.requestCount()).toBe(4);
  });

  it("fails for good on a rejected API key or a merchant account the key may not read, without retrying", async () => {
    const on = await start();
    const rejectedKey = await failure(fetchAll(connector(on, { apiKey: "wrong" }).fetch(window("2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z"))));
    expect(rejectedKey).toBeInstanceOf(PermanentError);
    expect((rejectedKey as Error).message).toBe("ADYEN_API_KEY was rejected by Adyen (401 000 HTTP Status Response - Unauthorized)");
    expect(on.requestCount()).toBe(1);
    const otherAccount = await failure(fetchAll(connector(on, { merchantAccount: "SomeoneElseECOM" }).fetch(window("2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z"))));
    expect(otherAccount).toBeInstanceOf(PermanentError);
    expect((otherAccount as Error).message).toMatch(/may not download the reports of merchant account SomeoneElseECOM/);
  });

  it("retries later when a day's report is not generated yet, and fails once it is days overdue", async () => {
    const on = await start({ available: (day) => day !== "2024-03-02" });
    const w = window("2024-03-01T00:00:00Z", "2024-03-03T00:00:00Z");
    const fresh = await failure(fetchAll(connector(on, { notReadyDelayMs: 60_000, now: () => new Date("2024-03-03T05:00:00Z") }).fetch(w)));
    expect(fresh).toBeInstanceOf(RetryLaterError);
    expect((fresh as RetryLaterError).delayMs).toBe(60_000);
    expect((fresh as Error).message).toMatch(/has not generated payments_accounting_report_2024_03_02\.csv yet/);
    const stillFresh = await failure(fetchAll(connector(on, { now: () => new Date("2024-03-05T23:00:00Z") }).fetch(w)));
    expect(stillFresh).toBeInstanceOf(RetryLaterError);
    const overdue = await failure(fetchAll(connector(on, { now: () => new Date("2024-03-06T00:00:00Z") }).fetch(w)));
    expect(overdue).toBeInstanceOf(PermanentError);
    expect((overdue as Error).message).toMatch(/^Adyen has no Payment accounting report for 2024-03-02 .*, 3 days on/);
  });

  it("retries rate limits, server errors, a reply past the timeout and one cut mid-file, and reads every line once", async () => {
    const on = await start({
      faults: [
        { type: "rate_limit", requests: [1], retryAfterSeconds: null },
        { type: "server_error", requests: [2], status: 503 },
        { type: "truncated", requests: [3] },
        { type: "slow", requests: [4], delayMs: 3_000 },
      ],
    });
    // Every download passes the request gate (the fleet's rate limit), retries included.
    let gated = 0;
    const gate = () => {
      gated += 1;
      return Promise.resolve();
    };
    const { records } = await fetchAll(connector(on, { timeoutMs: 1_000, gate }).fetch(window("2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z")));
    expect(records).toHaveLength(dayOf("2024-03-01").processorCount);
    expect(new Set(records.map((r) => r.externalId)).size).toBe(records.length);
    expect(on.requestCount()).toBe(5);
    expect(gated).toBe(5);
  });

  it("fails for good on a report that is not well-formed CSV, after asking again", async () => {
    let requests = 0;
    // Not the emulator: it writes well-formed CSV only. A quote left open runs to the end of the file.
    const server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(200, { "content-type": "text/csv" }).end(`${PAR.pspReference},${PAR.recordType}\r\n"PSP0000000000001,Received\r\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const c = createAdyenConnector({ apiKey: "k", merchantAccount: "M", reportBase: `http://127.0.0.1:${port}`, lookaheadDays: 0 });
      const error = await failure(fetchAll(c.fetch(window("2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z"))));
      expect(error).toBeInstanceOf(PermanentError);
      expect((error as Error).message).toMatch(/could not be read whole: .*\(not well-formed CSV\)$/);
      expect(requests).toBe(3);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("quarantines the lines of a payment served with an amount its currency cannot carry, and reads the rest", async () => {
    const day = dayOf("2024-03-01");
    const usd = day.raw.lines.find((l) => l[PAR.mainCurrency] === "USD" && l[PAR.recordType] === "Settled")!;
    const psp = usd[PAR.pspReference]!;
    const on = await start({ corrupt: { [`${psp}:Settled`]: { [PAR.mainAmount]: "12.345" } } });
    const { records, rejected } = await fetchAll(connector(on).fetch(window("2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z")));
    expect(records.map((r) => r.externalId)).not.toContain(psp);
    // Its refund, if it has one, is a record of its own and still readable.
    expect(records).toHaveLength(day.processorCount - 1);
    expect(rejected).toHaveLength(4);
    expect(rejected.every((r) => r.externalId === psp)).toBe(true);
    expect(rejected.map((r) => r.reason)).toContain('Main Amount: amount "12.345" has more decimals than USD allows (2)');
  });
});
