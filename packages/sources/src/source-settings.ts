import { SOURCES, type Processor, type Source } from "@recon/domain";
import { z } from "zod";
import { ledgerModule, PROCESSOR_MODULES, processorModules } from "./registry";

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type ProcessorShapes = UnionToIntersection<(typeof PROCESSOR_MODULES)[Processor]["env"]["shape"]>;
type RateSetting = `FETCH_RATE_${Uppercase<Source>}`;
type RateShape = { [K in RateSetting]: z.ZodDefault<z.ZodCoercedNumber<unknown>> };

/** FETCH_RATE_STRIPE, FETCH_RATE_INTERNAL: the setting holding a source's fetch rate. */
export function rateSetting(source: Source): RateSetting {
  return `FETCH_RATE_${source.toUpperCase()}` as RateSetting;
}

const rateShape = Object.fromEntries(
  SOURCES.map((source) => {
    const perSecond = source === "internal" ? ledgerModule.rate.perSecond : PROCESSOR_MODULES[source].rate.perSecond;
    return [rateSetting(source), z.coerce.number().int().min(1).default(perSecond)];
  }),
) as RateShape;

/**
 * Every source's settings (credentials, API bases, fetch rates), gathered from the modules, so
 * a process's env schema names each one with its type and default.
 */
export const sourcesEnv = z.object({
  ...(Object.assign({}, ...processorModules.map((module) => module.env.shape)) as ProcessorShapes),
  ...ledgerModule.env.shape,
  ...rateShape,
});

export type SourcesConfig = z.infer<typeof sourcesEnv>;

/** Every setting that points a source somewhere real (rates excluded): none may be set in a sandbox. */
export const SOURCE_LOCATION_SETTINGS: readonly string[] = [...processorModules.flatMap((module) => Object.keys(module.env.shape)), ...Object.keys(ledgerModule.env.shape)];

/** Settings whose values never reach a log line. */
export const SOURCE_SECRET_SETTINGS: readonly string[] = [...processorModules.flatMap((module) => module.secrets), ...ledgerModule.secrets];

/** What must be set for a source to be real. */
export function credentialsOf(source: Source): readonly string[] {
  return source === "internal" ? ledgerModule.credentials : PROCESSOR_MODULES[source].credentials;
}

/** The requests per window a source's API may receive across the fleet (and the slice jobs it may start). */
export function fetchRateOf(config: SourcesConfig, source: Source): number {
  return config[rateSetting(source)];
}

/**
 * Every source setting, blank: for a process that must run on the sandbox whatever the shell
 * exports (a blank setting is unset, and the sandbox refuses any set one).
 */
export function blankSourceSettings(): Record<string, string> {
  return Object.fromEntries(SOURCE_LOCATION_SETTINGS.map((name) => [name, ""]));
}
