import { createLedgerConnector, ledgerCsv } from "@recon/connectors";
import { optionalString, optionalUrl } from "@recon/runtime";
import type { Sandbox } from "@recon/sandbox";
import { z } from "zod";
import type { LedgerModule } from "../source-module";

const ledgerEnv = z.object({
  INTERNAL_API_URL: optionalUrl,
  /** Bearer token, if the ledger API asks for one. */
  INTERNAL_API_TOKEN: optionalString,
});

export const ledgerModule: LedgerModule<typeof ledgerEnv.shape> = {
  env: ledgerEnv,
  credentials: ["INTERNAL_API_URL"],
  secrets: ["INTERNAL_API_TOKEN"],
  // The ledger side of every processor shares one budget.
  rate: { perSecond: 50 },
  createConnector: (config, gate) => createLedgerConnector({ baseUrl: config.INTERNAL_API_URL ?? "", token: config.INTERNAL_API_TOKEN ?? "", ...(gate ? { gate } : {}) }),
  csvFormats: [ledgerCsv],
};

/** The settings that point the ledger connector at the sandbox's ledger emulator. */
export function ledgerSandboxSettings(sandbox: Sandbox): Record<string, string> {
  return { INTERNAL_API_URL: sandbox.ledger.baseUrl, INTERNAL_API_TOKEN: sandbox.ledger.token };
}
