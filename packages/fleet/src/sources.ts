import {
  createLedgerConnector,
  createPaypalConnector,
  createSquareConnector,
  createStripeConnector,
  type LedgerConnector,
  type ProcessorConnector,
} from "@recon/connectors";
import { PermanentError, SOURCES, type Processor, type Source } from "@recon/domain";
import { startSandbox, type Sandbox } from "@recon/sandbox";
import { checkFleetConfig } from "./config-checks";
import type { FleetConfig } from "./env";
import { checkSourceCredentials, credentialsToSet, hasCredentials, type SourceNeeds } from "./source-credentials";

/** The connectors of every source: all real, or (RECON_SANDBOX) all on the built-in emulators. */
export interface SourceRegistry {
  /** The processor's connector; throws a permanent error naming the variables when it has no credentials. */
  processor(processor: Processor): ProcessorConnector;
  ledger: LedgerConnector;
  /** Which sources run against the built-in sandbox emulators: every one in a sandbox, none otherwise. */
  sandboxed: ReadonlySet<Source>;
  /** The sandbox, in sandbox mode (tests read its ground truth). */
  sandbox: Sandbox | undefined;
  close(): Promise<void>;
}

/**
 * The sources of a process that fetches. Only on request (RECON_SANDBOX) do they run on the
 * built-in loopback emulators, all of them, with generated data; the emulators are deterministic
 * (seeded by the run date), so every replica of every worker serves exactly the same data.
 * Otherwise every source is real, and a process missing what it needs refuses to start
 * (checkSourceCredentials): the fleet never reconciles real data against generated data.
 */
export async function createSourceRegistry(config: FleetConfig, needs: SourceNeeds = {}): Promise<SourceRegistry> {
  checkFleetConfig(config); // half a credential is a mistake, named as such
  checkSourceCredentials(config, needs);
  if (config.RECON_SANDBOX) return sandboxRegistry();

  const connectors: Partial<Record<Processor, ProcessorConnector>> = {};
  if (config.STRIPE_API_KEY) {
    connectors.stripe = createStripeConnector({ apiKey: config.STRIPE_API_KEY, ...(config.STRIPE_API_BASE ? { apiBase: config.STRIPE_API_BASE } : {}) });
  }
  if (hasCredentials(config, "paypal")) {
    connectors.paypal = createPaypalConnector({
      clientId: config.PAYPAL_CLIENT_ID ?? "",
      clientSecret: config.PAYPAL_CLIENT_SECRET ?? "",
      ...(config.PAYPAL_API_BASE ? { apiBase: config.PAYPAL_API_BASE } : {}),
    });
  }
  if (config.SQUARE_ACCESS_TOKEN) {
    connectors.square = createSquareConnector({ accessToken: config.SQUARE_ACCESS_TOKEN, ...(config.SQUARE_API_BASE ? { apiBase: config.SQUARE_API_BASE } : {}) });
  }
  const ledger = createLedgerConnector({ baseUrl: config.INTERNAL_API_URL ?? "", token: config.INTERNAL_API_TOKEN ?? "" });
  return {
    processor(processor) {
      const connector = connectors[processor];
      // Permanent: a retry cannot grow credentials; the run fails at once with an alert saying what to set.
      if (!connector) {
        throw new PermanentError(`no credentials for ${processor} in this fleet: set ${credentialsToSet(processor)} on the fetch workers`);
      }
      return connector;
    },
    ledger,
    sandboxed: new Set(),
    sandbox: undefined,
    close: () => Promise.resolve(),
  };
}

async function sandboxRegistry(): Promise<SourceRegistry> {
  // A generated sandbox day is complete from the start, so PayPal's reporting lag (3 h) is
  // turned off here: `recon run` for today then works on the sandbox as it does for Stripe.
  const sandbox = await startSandbox({ paypal: { lagSeconds: -2 * 86_400 } });
  const connectors: Record<Processor, ProcessorConnector> = {
    stripe: createStripeConnector({ apiKey: sandbox.stripe.apiKey, apiBase: sandbox.stripe.baseUrl }),
    paypal: createPaypalConnector({ clientId: sandbox.paypal.clientId, clientSecret: sandbox.paypal.clientSecret, apiBase: sandbox.paypal.baseUrl }),
    square: createSquareConnector({ accessToken: sandbox.square.accessToken, apiBase: sandbox.square.baseUrl }),
  };
  return {
    processor: (processor) => connectors[processor],
    ledger: createLedgerConnector({ baseUrl: sandbox.ledger.baseUrl, token: sandbox.ledger.token }),
    sandboxed: new Set(SOURCES),
    sandbox,
    close: () => sandbox.close(),
  };
}
