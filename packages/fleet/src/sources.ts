import type { LedgerConnector, ProcessorConnector, RequestGate } from "@recon/connectors";
import { PermanentError, PROCESSORS, SOURCES, type Processor, type Source } from "@recon/domain";
import type { Sandbox } from "@recon/sandbox";
import { createConnectors, fetchRateOf, sourcesEnv, startSourcesSandbox, type SourceConnectors } from "@recon/sources";
import type { Redis } from "ioredis";
import { checkFleetConfig } from "./config-checks";
import type { FleetConfig } from "./env";
import { createRequestRateLimiter, type RequestRateLimits } from "./request-rate-limit";
import { checkSourceCredentials, credentialsToSet, type SourceNeeds } from "./source-credentials";

/** The connectors of every source: all real, or (RECON_SANDBOX) all on the built-in emulators. */
export interface SourceRegistry {
  /** The processor's connector; throws a permanent error naming the variables when it has no credentials. */
  processor(processor: Processor): ProcessorConnector;
  ledger: LedgerConnector;
  /**
   * Which sources this process fetches from the built-in sandbox emulators: in a sandbox, the
   * processors it needs (SourceNeeds.processors; every one by default) and the ledger; none otherwise.
   */
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
 *
 * With Redis, every connector's requests go through the fleet's request rate limit of its source
 * (FETCH_RATE_<SOURCE> per FETCH_RATE_WINDOW_MS, shared by every worker on that Redis).
 */
export async function createSourceRegistry(config: FleetConfig, needs: SourceNeeds = {}, redis?: Redis): Promise<SourceRegistry> {
  checkFleetConfig(config); // half a credential is a mistake, named as such
  checkSourceCredentials(config, needs);
  const gateOf = redis ? requestGates(config, redis) : undefined;
  if (config.RECON_SANDBOX) return sandboxRegistry(needs.processors ?? PROCESSORS, gateOf);
  return registryOf(createConnectors(config, gateOf), { sandboxed: new Set(), sandbox: undefined, close: () => Promise.resolve() });
}

/** Each source's FETCH_RATE_<SOURCE> per FETCH_RATE_WINDOW_MS: its requests, and its slice jobs' starts. */
export function fetchRateLimits(config: FleetConfig): RequestRateLimits {
  return {
    max: Object.fromEntries(SOURCES.map((source) => [source, fetchRateOf(config, source)])) as Record<Source, number>,
    windowMs: config.FETCH_RATE_WINDOW_MS,
  };
}

function requestGates(config: FleetConfig, redis: Redis): (source: Source) => RequestGate {
  const limiter = createRequestRateLimiter(redis, config.QUEUE_PREFIX, fetchRateLimits(config));
  return (source) => limiter.gate(source);
}

async function sandboxRegistry(processors: readonly Processor[], gateOf: ((source: Source) => RequestGate) | undefined): Promise<SourceRegistry> {
  // A generated sandbox day is complete from the start, so PayPal's reporting lag (3 h) is
  // turned off here: `recon run` for today then works on the sandbox as it does for Stripe.
  const { sandbox, settings } = await startSourcesSandbox({ paypal: { lagSeconds: -2 * 86_400 } });
  return registryOf(createConnectors(sourcesEnv.parse(settings), gateOf), { sandboxed: new Set<Source>([...processors, "internal"]), sandbox, close: () => sandbox.close() });
}

function registryOf(connectors: SourceConnectors, rest: Pick<SourceRegistry, "sandboxed" | "sandbox" | "close">): SourceRegistry {
  return {
    processor(processor) {
      const connector = connectors.processors[processor];
      // Permanent: a retry cannot grow credentials; the run fails at once with an alert saying what to set.
      if (!connector) {
        throw new PermanentError(`no credentials for ${processor} in this fleet: set ${credentialsToSet(processor)} on the fetch workers`);
      }
      return connector;
    },
    ledger: connectors.ledger,
    ...rest,
  };
}
