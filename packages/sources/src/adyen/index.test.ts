import { PermanentError } from "@recon/domain";
import { describe, expect, it } from "vitest";
import { adyenSandbox } from "./adyen-sandbox";
import { adyenModule } from "./index";

describe("adyenModule", () => {
  it("declares its settings, which of them are credentials and secrets, its rate and its import format", () => {
    expect(adyenModule.processor).toBe("adyen");
    expect(Object.keys(adyenModule.env.shape).sort()).toEqual(["ADYEN_API_KEY", "ADYEN_MERCHANT_ACCOUNT", "ADYEN_REPORT_BASE"]);
    expect(adyenModule.credentials).toEqual(["ADYEN_API_KEY", "ADYEN_MERCHANT_ACCOUNT"]);
    expect(adyenModule.secrets).toEqual(["ADYEN_API_KEY"]);
    expect(adyenModule.rate).toEqual({ perSecond: 10 });
    expect(adyenModule.csvFormats.map((f) => [f.source, f.name])).toEqual([["adyen", "adyen-settlement-details"]]);
    expect(adyenModule.sandbox).toBe(adyenSandbox);
    expect(adyenSandbox.processor).toBe("adyen");
  });

  it("reads empty settings as unset and refuses a report base that is not a URL", () => {
    expect(adyenModule.env.parse({ ADYEN_API_KEY: "", ADYEN_REPORT_BASE: "" })).toEqual({});
    expect(adyenModule.env.safeParse({ ADYEN_REPORT_BASE: "ca-test.adyen.com" }).success).toBe(false);
  });

  it("builds a connector from complete credentials only", () => {
    expect(adyenModule.createConnector(adyenModule.env.parse({ ADYEN_API_KEY: "k", ADYEN_MERCHANT_ACCOUNT: "M" })).processor).toBe("adyen");
    expect(() => adyenModule.createConnector(adyenModule.env.parse({ ADYEN_API_KEY: "k" }))).toThrow(PermanentError);
  });

  it("starts a sandbox emulator whose env points the connector at it", async () => {
    const started = await adyenSandbox.start({ day: () => ({ lines: [] }) });
    try {
      const connector = adyenModule.createConnector(adyenModule.env.parse(started.env));
      const pages = [];
      for await (const page of connector.fetch({ start: new Date("2024-03-01T00:00:00Z"), end: new Date("2024-03-02T00:00:00Z") })) pages.push(page);
      expect(pages).toEqual([]);
      // The window's report, then the three after it for later journals of its payments.
      expect(started.requestCount()).toBe(4);
    } finally {
      await started.close();
    }
  });
});
