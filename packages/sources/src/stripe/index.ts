import { createStripeConnector, stripeItemizedBalanceChange } from "@recon/connectors";
import { optionalString, optionalUrl } from "@recon/runtime";
import { z } from "zod";
import { builtinEmulator } from "../builtin-emulator";
import { defineProcessorModule } from "../source-module";

export const stripeModule = defineProcessorModule({
  processor: "stripe",
  title: "Stripe",
  env: z.object({
    /** A restricted key with read access to balance transactions is enough. */
    STRIPE_API_KEY: optionalString,
    STRIPE_API_BASE: optionalUrl,
  }),
  credentials: ["STRIPE_API_KEY"],
  secrets: ["STRIPE_API_KEY"],
  // Stripe allows 25 req/s in test mode and 100 live; the test-mode limit is the safe default.
  rate: { perSecond: 25 },
  createConnector: (config, gate) =>
    createStripeConnector({ apiKey: config.STRIPE_API_KEY ?? "", ...(config.STRIPE_API_BASE ? { apiBase: config.STRIPE_API_BASE } : {}), ...(gate ? { gate } : {}) }),
  csvFormats: [stripeItemizedBalanceChange],
  sandbox: builtinEmulator((sandbox) => ({ STRIPE_API_BASE: sandbox.stripe.baseUrl, STRIPE_API_KEY: sandbox.stripe.apiKey })),
});
