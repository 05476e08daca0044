import { PermanentError } from "@recon/domain";
import { optionalString, optionalUrl } from "@recon/runtime";
import { z } from "zod";
import { defineProcessorModule } from "../source-module";
import { createAdyenConnector } from "./adyen-connector";
import { adyenSandbox } from "./adyen-sandbox";
import { settlementDetailsFormat } from "./settlement-details-format";

/** Adyen: daily Payment accounting reports through the report download, Settlement details CSV import. */
export const adyenModule = defineProcessorModule({
  processor: "adyen",
  title: "Adyen",
  env: z.object({
    /** The API key of the report user (Merchant Report role) of the merchant account. */
    ADYEN_API_KEY: optionalString,
    /** The merchant account whose reports are read. */
    ADYEN_MERCHANT_ACCOUNT: optionalString,
    /** Customer Area origin, default https://ca-live.adyen.com (test accounts: https://ca-test.adyen.com). */
    ADYEN_REPORT_BASE: optionalUrl,
  }),
  credentials: ["ADYEN_API_KEY", "ADYEN_MERCHANT_ACCOUNT"],
  secrets: ["ADYEN_API_KEY"],
  rate: { perSecond: 10 },
  createConnector(config, gate) {
    if (!config.ADYEN_API_KEY || !config.ADYEN_MERCHANT_ACCOUNT) {
      throw new PermanentError("Adyen needs both ADYEN_API_KEY and ADYEN_MERCHANT_ACCOUNT");
    }
    return createAdyenConnector({
      apiKey: config.ADYEN_API_KEY,
      merchantAccount: config.ADYEN_MERCHANT_ACCOUNT,
      ...(config.ADYEN_REPORT_BASE ? { reportBase: config.ADYEN_REPORT_BASE } : {}),
      ...(gate ? { gate } : {}),
    });
  },
  csvFormats: [settlementDetailsFormat],
  sandbox: adyenSandbox,
});
