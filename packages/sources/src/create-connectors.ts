import type { LedgerConnector, ProcessorConnector } from "@recon/connectors";
import type { Processor } from "@recon/domain";
import { ledgerModule, processorModules } from "./registry";
import type { SourcesConfig } from "./source-settings";

export interface SourceConnectors {
  /** The connectors of the processors whose credentials are all set. */
  processors: Partial<Record<Processor, ProcessorConnector>>;
  ledger: LedgerConnector;
}

/** Connectors for every configured source; a processor without its credentials has none. */
export function createConnectors(config: SourcesConfig): SourceConnectors {
  const processors: Partial<Record<Processor, ProcessorConnector>> = {};
  for (const module of processorModules) {
    if (hasCredentials(config, module.credentials)) processors[module.processor] = module.createConnector(config);
  }
  return { processors, ledger: ledgerModule.createConnector(config) };
}

/** True when every one of the settings is set. */
export function hasCredentials(config: Readonly<Record<string, unknown>>, credentials: readonly string[]): boolean {
  return credentials.every((name) => Boolean(config[name]));
}
