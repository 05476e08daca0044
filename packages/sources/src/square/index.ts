import { createSquareConnector, squareTransactionsExport } from "@recon/connectors";
import { optionalString, optionalUrl } from "@recon/runtime";
import { z } from "zod";
import { builtinEmulator } from "../builtin-emulator";
import { defineProcessorModule } from "../source-module";

export const squareModule = defineProcessorModule({
  processor: "square",
  title: "Square",
  env: z.object({
    /** Scopes MERCHANT_PROFILE_READ, PAYMENTS_READ, PAYOUTS_READ. */
    SQUARE_ACCESS_TOKEN: optionalString,
    /** Default Square's production API; https://connect.squareupsandbox.com for Square's sandbox. */
    SQUARE_API_BASE: optionalUrl,
  }),
  credentials: ["SQUARE_ACCESS_TOKEN"],
  secrets: ["SQUARE_ACCESS_TOKEN"],
  // About 10 req/s per app.
  rate: { perSecond: 10 },
  createConnector: (config, gate) =>
    createSquareConnector({ accessToken: config.SQUARE_ACCESS_TOKEN ?? "", ...(config.SQUARE_API_BASE ? { apiBase: config.SQUARE_API_BASE } : {}), ...(gate ? { gate } : {}) }),
  csvFormats: [squareTransactionsExport],
  sandbox: builtinEmulator((sandbox) => ({ SQUARE_API_BASE: sandbox.square.baseUrl, SQUARE_ACCESS_TOKEN: sandbox.square.accessToken })),
});
