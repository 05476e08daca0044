// `pnpm bench:fetch`: does a fetch reach the configured request rate of each processor? For each
// processor it starts the sandbox with a day big enough for many pages (at least BENCH_SECONDS of
// requests at the limit, so the limit and not start-up decides), with some 429s and 5xx planted
// so the clients' retries run, and builds the fleet's own connectors the fleet's own way
// (createSourceRegistry over a fleetEnv parse of the environment: FETCH_RATE_<PROCESSOR>,
// FETCH_RATE_WINDOW_MS and FETCH_SLICES as set, else their defaults; the request rate limit in
// Redis at REDIS_URL). It then fetches the day's slices at once, as the fetch workers would (at
// least enough of them to keep the limit busy: bench-plan.ts), and
// counts the requests the emulator received: their rate against the configured limit, and the
// most inside any one window. Prints every figure with its ratio to the limit and marks each
// target met or MISSED; exits 1 when one is missed. Nothing is written to Postgres: this measures
// the fetch, not the upserts.
import { PROCESSORS, type Processor } from "@recon/domain";
import { createSourceRegistry, fleetEnv, type FleetConfig } from "@recon/fleet";
import { createRedisConnection, daySliceWindows, waitUntilReady } from "@recon/queue";
import { environmentWith, parseEnv } from "@recon/runtime";
import type { Exchange } from "@recon/sandbox";
import { fetchRateOf, rateSetting, startSourcesSandbox, type SourcesSandbox } from "@recon/sources";
import type { Redis } from "ioredis";
import { arrivalFigures, type ArrivalFigures } from "./arrival-figures";
import { BENCH_RUN_DATE, benchPlan, sandboxOptionsFor, type BenchPlan } from "./bench-plan";

/** The share of the configured rate a fetch must reach. */
const TARGET_SHARE = 0.9;

function line(name: string, value: string | number): void {
  process.stdout.write(`${name}: ${value}\n`);
}

/** The emulator's record of every request it received, as the sandbox exposes it per processor. */
function exchangesOf(sources: SourcesSandbox, processor: Processor): readonly Exchange[] {
  const { sandbox } = sources;
  if (processor === "stripe" || processor === "paypal" || processor === "square") return sandbox[processor].exchanges();
  const emulator = sandbox.plugins[processor];
  if (!emulator) throw new Error(`the sandbox started no emulator for ${processor}`);
  return emulator.exchanges();
}

/** The fleet's configuration as a fetch worker would parse it, pointed at this sandbox. */
function configFor(sources: SourcesSandbox, queuePrefix: string): FleetConfig {
  // RECON_SANDBOX blank: the connectors are the real ones, reaching the emulators through their settings.
  return parseEnv(fleetEnv, environmentWith({ ...sources.settings, RECON_SANDBOX: "", QUEUE_PREFIX: queuePrefix }));
}

interface SliceResult {
  records: number;
  rejected: number;
}

/** Fetches the day's slices at once through the registry's connector, as parallel fetch jobs would. */
async function fetchDay(config: FleetConfig, redis: Redis, processor: Processor, slices: number): Promise<SliceResult> {
  const registry = await createSourceRegistry(config, {}, redis);
  try {
    const connector = registry.processor(processor);
    const results = await Promise.all(
      daySliceWindows(BENCH_RUN_DATE, slices).map(async (window) => {
        const result: SliceResult = { records: 0, rejected: 0 };
        for await (const page of connector.fetch(window)) {
          result.records += page.records.length;
          result.rejected += page.rejected.length;
        }
        return result;
      }),
    );
    return results.reduce((sum, r) => ({ records: sum.records + r.records, rejected: sum.rejected + r.rejected }), { records: 0, rejected: 0 });
  } finally {
    await registry.close();
  }
}

interface ProcessorOutcome {
  slices: number;
  figures: ArrivalFigures;
  fetched: SliceResult;
  truth: number;
  faults: number;
  wallMs: number;
}

async function benchProcessor(processor: Processor, plan: BenchPlan, redis: Redis, queuePrefix: string): Promise<ProcessorOutcome> {
  const sources = await startSourcesSandbox(sandboxOptionsFor(processor, plan));
  try {
    const config = configFor(sources, queuePrefix);
    const rate = fetchRateOf(config, processor);
    const truth = sources.sandbox.truth(processor, BENCH_RUN_DATE).processorCount; // generates the day before the clock starts
    const started = Date.now();
    const fetched = await fetchDay(config, redis, processor, plan.slices);
    const wallMs = Date.now() - started;
    const figures = arrivalFigures(exchangesOf(sources, processor), rate, config.FETCH_RATE_WINDOW_MS);
    return { slices: plan.slices, figures, fetched, truth, faults: plan.faultCount, wallMs };
  } finally {
    await sources.sandbox.close();
  }
}

function report(processor: Processor, outcome: ProcessorOutcome, windowMs: number): boolean {
  const { figures } = outcome;
  const prefix = `fetch_${processor}`;
  const limitText = `${figures.configuredRps} req/s (${rateSetting(processor)} ${figures.configuredPerWindow} per ${windowMs} ms)`;
  line(`${prefix}_records`, `${outcome.fetched.records} fetched + ${outcome.fetched.rejected} quarantined of ${outcome.truth} in the day`);
  line(`${prefix}_slices`, `${outcome.slices} fetched at once`);
  line(`${prefix}_requests`, `${figures.requests} (${outcome.faults} of them answered 429 or 5xx on purpose and retried) over ${(figures.spanMs / 1000).toFixed(1)} s`);
  line(`${prefix}_configured_rps`, limitText);
  line(`${prefix}_achieved_rps`, `${figures.achievedRps.toFixed(2)} (first to last request at the emulator)`);
  line(`${prefix}_vs_limit_ratio`, figures.ratio.toFixed(3));
  // At the limit, n requests need n - 1 intervals: the shortest the whole fetch (start-up and last reply included) could take.
  const shortestMs = ((figures.requests - 1) * 1000) / figures.configuredRps;
  line(`${prefix}_wall_ms`, `${outcome.wallMs} (shortest possible at the limit ${Math.round(shortestMs)} ms, ratio ${(shortestMs / outcome.wallMs).toFixed(3)})`);
  line(
    `${prefix}_busiest_window_requests`,
    `${figures.busiestWindow} in one ${windowMs} ms window (limit ${figures.configuredPerWindow}, ratio ${(figures.busiestWindow / figures.configuredPerWindow).toFixed(3)})`,
  );
  const met = figures.ratio >= TARGET_SHARE;
  line(`target_${prefix}_at_least_90pct_of_limit`, met ? "met" : "MISSED");
  return met;
}

async function main(): Promise<number> {
  const queuePrefix = `recon-fetch-bench-${process.pid}`;
  const base = parseEnv(fleetEnv, environmentWith({ RECON_SANDBOX: "" }));
  const redis = createRedisConnection(base.REDIS_URL, "producer");
  let missed = 0;
  try {
    await waitUntilReady(redis);
    line("fetch_run_date", BENCH_RUN_DATE);
    for (const processor of PROCESSORS) {
      const plan = benchPlan(processor, fetchRateOf(base, processor), base.FETCH_SLICES);
      const outcome = await benchProcessor(processor, plan, redis, queuePrefix);
      if (!report(processor, outcome, base.FETCH_RATE_WINDOW_MS)) missed++;
    }
  } finally {
    const keys = await redis.keys(`${queuePrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
  return missed === 0 ? 0 : 1;
}

process.exitCode = await main();
