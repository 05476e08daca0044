import { createPaypalConnector, paypalActivityDownload } from "@recon/connectors";
import { optionalString, optionalUrl } from "@recon/runtime";
import { z } from "zod";
import { builtinEmulator } from "../builtin-emulator";
import { defineProcessorModule } from "../source-module";

export const paypalModule = defineProcessorModule({
  processor: "paypal",
  title: "PayPal",
  // A REST app's credentials (Transaction Search); both or neither.
  env: z.object({
    PAYPAL_CLIENT_ID: optionalString,
    PAYPAL_CLIENT_SECRET: optionalString,
    /** Default PayPal's live API; https://api-m.sandbox.paypal.com for PayPal's own sandbox. */
    PAYPAL_API_BASE: optionalUrl,
  }),
  credentials: ["PAYPAL_CLIENT_ID", "PAYPAL_CLIENT_SECRET"],
  secrets: ["PAYPAL_CLIENT_SECRET"],
  // About 10 req/s per app.
  rate: { perSecond: 10 },
  createConnector: (config, gate) =>
    createPaypalConnector({
      clientId: config.PAYPAL_CLIENT_ID ?? "",
      clientSecret: config.PAYPAL_CLIENT_SECRET ?? "",
      ...(config.PAYPAL_API_BASE ? { apiBase: config.PAYPAL_API_BASE } : {}),
      ...(gate ? { gate } : {}),
    }),
  csvFormats: [paypalActivityDownload],
  sandbox: builtinEmulator((sandbox) => ({
    PAYPAL_API_BASE: sandbox.paypal.baseUrl,
    PAYPAL_CLIENT_ID: sandbox.paypal.clientId,
    PAYPAL_CLIENT_SECRET: sandbox.paypal.clientSecret,
  })),
});
