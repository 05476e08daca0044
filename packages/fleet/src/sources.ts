import {
  createLedgerConnector,
  createPaypalConnector,
  createSquareConnector,
  createStripeConnector,
  type LedgerConnector,
  type ProcessorConnector,
} from "@recon/connectors";
import type { Processor } from "@recon/domain";
import type { Logger } from "@recon/runtime";
import { startSandbox, type Sandbox } from "@recon/sandbox";
import { checkFleetConfig } from "./config-checks";
import type { FleetConfig } from "./env";

/** The connectors of every source, real where credentials are configured, sandbox otherwise. */
export interface SourceRegistry {
  processor(processor: Processor): ProcessorConnector;
  ledger: LedgerConnector;
  /** Which sources run against the built-in sandbox emulators. */
  sandboxed: ReadonlySet<string>;
  /** The sandbox, when any source uses it (tests read its ground truth). */
  sandbox: Sandbox | undefined;
  close(): Promise<void>;
}

/**
 * A source without credentials runs against its built-in loopback emulator, and says so.
 * The emulators are deterministic (seeded by the run date), so every replica of every worker
 * that starts its own sandbox serves exactly the same data.
 */
export async function createSourceRegistry(config: FleetConfig, logger: Logger): Promise<SourceRegistry> {
  checkFleetConfig(config); // half a credential is a mistake, not a request for the sandbox
  const paypalConfigured = Boolean(config.PAYPAL_CLIENT_ID && config.PAYPAL_CLIENT_SECRET);
  const needsSandbox = !config.STRIPE_API_KEY || !config.INTERNAL_API_URL || !paypalConfigured || !config.SQUARE_ACCESS_TOKEN;
  // A generated sandbox day is complete from the start, so PayPal's reporting lag (3 h) is
  // turned off here: `recon run` for today then works on the sandbox as it does for Stripe.
  const sandbox = needsSandbox ? await startSandbox({ paypal: { lagSeconds: -2 * 86_400 } }) : undefined;
  const sandboxed = new Set<string>();

  let stripe: ProcessorConnector;
  if (config.STRIPE_API_KEY) {
    stripe = createStripeConnector({ apiKey: config.STRIPE_API_KEY, ...(config.STRIPE_API_BASE ? { apiBase: config.STRIPE_API_BASE } : {}) });
  } else {
    sandboxed.add("stripe");
    stripe = createStripeConnector({ apiKey: sandbox!.stripe.apiKey, apiBase: sandbox!.stripe.baseUrl });
  }

  let paypal: ProcessorConnector;
  if (paypalConfigured) {
    paypal = createPaypalConnector({
      clientId: config.PAYPAL_CLIENT_ID ?? "",
      clientSecret: config.PAYPAL_CLIENT_SECRET ?? "",
      ...(config.PAYPAL_API_BASE ? { apiBase: config.PAYPAL_API_BASE } : {}),
    });
  } else {
    sandboxed.add("paypal");
    paypal = createPaypalConnector({ clientId: sandbox!.paypal.clientId, clientSecret: sandbox!.paypal.clientSecret, apiBase: sandbox!.paypal.baseUrl });
  }

  let square: ProcessorConnector;
  if (config.SQUARE_ACCESS_TOKEN) {
    square = createSquareConnector({
      accessToken: config.SQUARE_ACCESS_TOKEN,
      ...(config.SQUARE_API_BASE ? { apiBase: config.SQUARE_API_BASE } : {}),
    });
  } else {
    sandboxed.add("square");
    square = createSquareConnector({ accessToken: sandbox!.square.accessToken, apiBase: sandbox!.square.baseUrl });
  }

  let ledger: LedgerConnector;
  if (config.INTERNAL_API_URL) {
    ledger = createLedgerConnector({ baseUrl: config.INTERNAL_API_URL, token: config.INTERNAL_API_TOKEN ?? "" });
  } else {
    sandboxed.add("internal");
    ledger = createLedgerConnector({ baseUrl: sandbox!.ledger.baseUrl, token: sandbox!.ledger.token });
  }

  if (sandboxed.size > 0) {
    logger.info({ sources: [...sandboxed] }, "no credentials configured for these sources: using the built-in sandbox emulators");
  }

  const connectors: Partial<Record<Processor, ProcessorConnector>> = { stripe, paypal, square };
  return {
    processor(processor) {
      const connector = connectors[processor];
      if (!connector) throw Object.assign(new Error(`no connector for processor "${processor}" yet`), { permanent: true });
      return connector;
    },
    ledger,
    sandboxed,
    sandbox,
    async close() {
      await sandbox?.close();
    },
  };
}
