import type { SandboxPlugin } from "@recon/sandbox";
import { createAdyenKit } from "./adyen-kit";
import type { AdyenReportDay } from "./adyen-raw";
import { startAdyenEmulator } from "./adyen-emulator";

/** Adyen's part of the sandbox: its generated days and the report download emulator serving them. */
export const adyenSandbox: SandboxPlugin<AdyenReportDay> = {
  processor: "adyen",
  kit: createAdyenKit,
  async start(options) {
    const emulator = await startAdyenEmulator({
      day: (runDate) => options.day(runDate),
      ...(options.host !== undefined ? { host: options.host } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.faults ? { faults: options.faults } : {}),
      ...(options.corrupt ? { corrupt: options.corrupt } : {}),
      ...(options.recordExchanges !== undefined ? { recordExchanges: options.recordExchanges } : {}),
    });
    return {
      env: { ADYEN_API_KEY: emulator.apiKey, ADYEN_MERCHANT_ACCOUNT: emulator.merchantAccount, ADYEN_REPORT_BASE: emulator.baseUrl },
      baseUrl: emulator.baseUrl,
      requestCount: () => emulator.requestCount(),
      exchanges: () => emulator.exchanges(),
      close: () => emulator.close(),
    };
  },
};
