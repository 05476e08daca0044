import { afterEach, describe, expect, it } from "vitest";
import { startAdyenEmulator, type AdyenEmulator } from "./adyen-emulator";
import { generateAdyenDay } from "./generated-day.test-support";
import { PAR_COLUMNS } from "./payment-accounting-columns";

const day = generateAdyenDay("2024-03-01", 5);
let emulator: AdyenEmulator | null = null;
afterEach(async () => {
  await emulator?.close();
  emulator = null;
});

const download = (on: AdyenEmulator, file: string, key: string | null = on.apiKey, account = on.merchantAccount) =>
  fetch(`${on.baseUrl}/reports/download/MerchantAccount/${account}/${file}`, { headers: key === null ? {} : { "X-API-Key": key } });

describe("Adyen report download emulator", () => {
  it("serves a generated day's Payment accounting report as CSV, header first", async () => {
    emulator = await startAdyenEmulator({ day: () => day.raw, recordExchanges: true });
    const reply = await download(emulator, "payments_accounting_report_2024_03_01.csv");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await reply.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe(PAR_COLUMNS.join(","));
    expect(lines).toHaveLength(day.raw.lines.length + 1);
    expect(emulator.exchanges().map((e) => [e.method, e.path, e.status])).toEqual([["GET", "/reports/download/MerchantAccount/ReconSandboxECOM/payments_accounting_report_2024_03_01.csv", 200]]);
  });

  it("answers Adyen's errors: 401 without the key, 403 for another merchant account, 404 for a day not generated or another file", async () => {
    emulator = await startAdyenEmulator({ day: () => day.raw, available: (d) => d === "2024-03-01" });
    const unauthorized = await download(emulator, "payments_accounting_report_2024_03_01.csv", null);
    expect([unauthorized.status, await unauthorized.json()]).toEqual([401, { status: 401, errorCode: "000", message: "HTTP Status Response - Unauthorized", errorType: "security" }]);
    expect((await download(emulator, "payments_accounting_report_2024_03_01.csv", "wrong")).status).toBe(401);
    expect((await download(emulator, "payments_accounting_report_2024_03_01.csv", emulator.apiKey, "OtherECOM")).status).toBe(403);
    expect((await download(emulator, "payments_accounting_report_2024_03_02.csv")).status).toBe(404);
    expect((await download(emulator, "payments_accounting_report_2024_02_30.csv")).status).toBe(404);
    expect((await download(emulator, "settlement_detail_report_batch_1.csv")).status).toBe(404);
    expect(emulator.requestCount()).toBe(6);
  });

  it("answers 401 to a key revoked between two requests (unauthorized fault)", async () => {
    emulator = await startAdyenEmulator({ day: () => day.raw, faults: [{ type: "unauthorized", requests: [2] }] });
    expect((await download(emulator, "payments_accounting_report_2024_03_01.csv")).status).toBe(200);
    expect((await download(emulator, "payments_accounting_report_2024_03_01.csv")).status).toBe(401);
  });

  it("by default has no report for today or later: Adyen generates a day's report after it ends", async () => {
    emulator = await startAdyenEmulator({ day: () => day.raw });
    const today = new Date().toISOString().slice(0, 10).replaceAll("-", "_");
    expect((await download(emulator, `payments_accounting_report_${today}.csv`)).status).toBe(404);
  });
});
