import { parseRunDate, todayUtc, type Processor } from "@recon/domain";
import type { Fault, RecordCorruptions } from "./faults";
import type { Exchange } from "./http-util";
import { startLedgerEmulator } from "./ledger-emulator";
import { startPaypalEmulator } from "./paypal-emulator";
import { startSquareEmulator, type SquareScope } from "./square-emulator";
import type { SandboxPlugin, StartedEmulator } from "./sandbox-plugin";
import type { GroundTruth } from "./scenario-types";
import { createScenarioStore } from "./scenario-store";
import { startStripeEmulator } from "./stripe-emulator";

/** Per-emulator test knobs; the same shape for every emulator so PayPal and Square fit in. */
export interface EmulatorKnobs {
  faults?: Fault[];
  corrupt?: RecordCorruptions;
}

export interface SandboxOptions {
  /** Default 1. */
  seed?: number;
  /** Processor records per day, default 200. */
  size?: number;
  /**
   * Days served when a Stripe list leaves `created` open (default today UTC). Any date asked
   * for explicitly is generated on demand, so this never limits `recon run --date`.
   */
  runDates?: string[];
  /** Default 127.0.0.1. */
  host?: string;
  /** Keep every request to the processor emulators and its reply, for the conformance tests. Default off. */
  recordExchanges?: boolean;
  stripe?: EmulatorKnobs & { apiKey?: string; port?: number };
  ledger?: EmulatorKnobs & { token?: string; port?: number };
  paypal?: EmulatorKnobs & {
    clientId?: string;
    clientSecret?: string;
    port?: number;
    lagSeconds?: number;
    resultSetCap?: number;
    /** Transactions PayPal lists twice (see PaypalEmulatorOptions.duplicates). */
    duplicates?: RecordCorruptions;
  };
  square?: EmulatorKnobs & { accessToken?: string; port?: number; scopes?: readonly SquareScope[] };
  /** Processors beyond the built-in three: each source module's emulator and generated days. */
  plugins?: readonly SandboxPlugin[];
  /** Test knobs of the plugins' emulators, by processor. */
  pluginKnobs?: Partial<Record<Processor, EmulatorKnobs & { port?: number }>>;
}

export interface Sandbox {
  stripe: { baseUrl: string; apiKey: string; requestCount: () => number; exchanges: () => readonly Exchange[] };
  ledger: { baseUrl: string; token: string; requestCount: () => number };
  paypal: {
    baseUrl: string;
    clientId: string;
    clientSecret: string;
    requestCount: () => number;
    tokenCount: () => number;
    exchanges: () => readonly Exchange[];
    /** Invalidates every issued token, as expiry would. */
    expireTokens: () => void;
  };
  square: { baseUrl: string; accessToken: string; requestCount: () => number; exchanges: () => readonly Exchange[] };
  /** The plugins' emulators, by processor. */
  plugins: Partial<Record<Processor, StartedEmulator>>;
  /**
   * What a correct reconciliation of (processor, runDate) must find. Throws for a processor the
   * sandbox has no emulator for.
   */
  truth(processor: Processor, runDate: string): GroundTruth;
  close(): Promise<void>;
}

/**
 * Starts every emulator over one lazily generated, seeded data set, so any run date works and
 * each emulator and the truth agree about it.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const store = createScenarioStore({ seed: options.seed, size: options.size, plugins: options.plugins });
  const defaultDates = (options.runDates ?? [todayUtc()]).map(parseRunDate);
  const stripe = await startStripeEmulator({
    store,
    defaultDates,
    host: options.host,
    apiKey: options.stripe?.apiKey,
    port: options.stripe?.port,
    faults: options.stripe?.faults,
    corrupt: options.stripe?.corrupt,
    recordExchanges: options.recordExchanges,
  });
  const started: Array<{ close(): Promise<void> }> = [stripe];
  try {
    const ledger = await startLedgerEmulator({
      store,
      host: options.host,
      token: options.ledger?.token,
      port: options.ledger?.port,
      faults: options.ledger?.faults,
      corrupt: options.ledger?.corrupt,
    });
    started.push(ledger);
    const paypal = await startPaypalEmulator({
      store,
      host: options.host,
      clientId: options.paypal?.clientId,
      clientSecret: options.paypal?.clientSecret,
      port: options.paypal?.port,
      faults: options.paypal?.faults,
      corrupt: options.paypal?.corrupt,
      duplicates: options.paypal?.duplicates,
      lagSeconds: options.paypal?.lagSeconds,
      resultSetCap: options.paypal?.resultSetCap,
      recordExchanges: options.recordExchanges,
    });
    started.push(paypal);
    const square = await startSquareEmulator({
      store,
      defaultDates,
      host: options.host,
      accessToken: options.square?.accessToken,
      port: options.square?.port,
      faults: options.square?.faults,
      corrupt: options.square?.corrupt,
      scopes: options.square?.scopes,
      recordExchanges: options.recordExchanges,
    });
    started.push(square);
    const plugins: Partial<Record<Processor, StartedEmulator>> = {};
    for (const plugin of options.plugins ?? []) {
      const knobs = options.pluginKnobs?.[plugin.processor];
      const emulator = await plugin.start({
        day: (runDate) => store.day(plugin.processor, runDate).raw,
        host: options.host,
        port: knobs?.port,
        faults: knobs?.faults,
        corrupt: knobs?.corrupt,
        recordExchanges: options.recordExchanges,
      });
      started.push(emulator);
      plugins[plugin.processor] = emulator;
    }
    return {
      stripe: { baseUrl: stripe.baseUrl, apiKey: stripe.apiKey, requestCount: stripe.requestCount, exchanges: stripe.exchanges },
      ledger: { baseUrl: ledger.baseUrl, token: ledger.token, requestCount: ledger.requestCount },
      paypal: {
        baseUrl: paypal.baseUrl,
        clientId: paypal.clientId,
        clientSecret: paypal.clientSecret,
        requestCount: paypal.requestCount,
        tokenCount: paypal.tokenCount,
        exchanges: paypal.exchanges,
        expireTokens: () => paypal.expireTokens(),
      },
      square: { baseUrl: square.baseUrl, accessToken: square.accessToken, requestCount: square.requestCount, exchanges: square.exchanges },
      plugins,
      truth: (processor, runDate) => store.day(processor, parseRunDate(runDate)).truth,
      async close() {
        await Promise.all(started.map((emulator) => emulator.close()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((emulator) => emulator.close()));
    throw error;
  }
}
