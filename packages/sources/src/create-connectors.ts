import type { LedgerConnector, ProcessorConnector, RequestGate } from "@recon/connectors";
import type { Processor, Source } from "@recon/domain";
import { ledgerModule, processorModules } from "./registry";
import type { SourcesConfig } from "./source-settings";

export interface SourceConnectors {
  /** The connectors of the processors whose credentials are all set. */
  processors: Partial<Record<Processor, ProcessorConnector>>;
  ledger: LedgerConnector;
}

/**
 * Connectors for every configured source; a processor without its credentials has none. Each
 * source's connector awaits its gate (the fleet's request rate limit) before every request.
 */
export function createConnectors(config: SourcesConfig, gateOf: (source: Source) => RequestGate | undefined = () => undefined): SourceConnectors {
  const processors: Partial<Record<Processor, ProcessorConnector>> = {};
  for (const module of processorModules) {
    if (hasCredentials(config, module.credentials)) processors[module.processor] = module.createConnector(config, gateOf(module.processor));
  }
  return { processors, ledger: ledgerModule.createConnector(config, gateOf("internal")) };
}

/** True when every one of the settings is set. */
export function hasCredentials(config: Readonly<Record<string, unknown>>, credentials: readonly string[]): boolean {
  return credentials.every((name) => Boolean(config[name]));
}
