import type { ProcessorConnector } from "@recon/connectors";
import { PROCESSORS, type Processor } from "@recon/domain";
import { describe, expect, it } from "vitest";
import { CSV_FORMATS } from "./csv-formats";
import { ledgerModule, PROCESSOR_MODULES, processorModules } from "./registry";
import type { ProcessorModule } from "./source-module";
import { SOURCE_LOCATION_SETTINGS, SOURCE_SECRET_SETTINGS, sourcesEnv } from "./source-settings";

describe("the source registry", () => {
  it("has exactly one module per processor, in domain's order, each naming itself", () => {
    expect(processorModules.map((module) => module.processor)).toEqual([...PROCESSORS]);
    for (const processor of PROCESSORS) expect(PROCESSOR_MODULES[processor].processor).toBe(processor);
  });

  it("keeps each module's settings its own: no setting claimed twice, credentials and secrets among them", () => {
    const owners = new Map<string, string>();
    for (const module of [...processorModules, { ...ledgerModule, title: "ledger" }]) {
      for (const name of Object.keys(module.env.shape)) {
        expect(owners.get(name), `${name} is declared by ${owners.get(name)} and ${module.title}`).toBeUndefined();
        owners.set(name, module.title);
      }
      for (const name of [...module.credentials, ...module.secrets]) expect(Object.keys(module.env.shape)).toContain(name);
      expect(module.credentials.length).toBeGreaterThan(0);
      expect(module.rate.perSecond).toBeGreaterThan(0);
    }
    expect(new Set(SOURCE_LOCATION_SETTINGS)).toEqual(new Set(owners.keys()));
    expect(SOURCE_SECRET_SETTINGS.every((name) => owners.has(name))).toBe(true);
  });

  it("gives every processor at least one import format of its own, and the ledger its CSV", () => {
    for (const module of processorModules) {
      expect(module.csvFormats.length, `${module.processor} has no import format`).toBeGreaterThan(0);
      for (const format of module.csvFormats) expect(format.source).toBe(module.processor);
    }
    expect(ledgerModule.csvFormats.map((format) => format.source)).toEqual(["internal"]);
    expect(new Set(CSV_FORMATS.map((format) => format.name)).size).toBe(CSV_FORMATS.length);
  });

  it("parses every source's settings into one schema, with each fetch rate's default", () => {
    const config = sourcesEnv.parse({});
    for (const module of processorModules) {
      expect(config[`FETCH_RATE_${module.processor.toUpperCase()}` as keyof typeof config]).toBe(module.rate.perSecond);
    }
    expect(config.FETCH_RATE_INTERNAL).toBe(ledgerModule.rate.perSecond);
  });
});

// The compiler is the test here: if a processor could be left out of the registry, or a module
// could lack a part, an @ts-expect-error below would be unused and `pnpm typecheck` would fail.
describe("the registry's type", () => {
  type Registry = { [P in Processor]: ProcessorModule & { processor: P } };
  const connector = (): ProcessorConnector => ({ processor: "stripe", fetch: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve({ done: true as const, value: undefined }) }) }) });

  it("refuses a registry missing a processor, or a module missing its connector", () => {
    const { stripe, ...withoutStripe } = PROCESSOR_MODULES;
    // @ts-expect-error: a processor of domain's list without a module
    const missing: Registry = withoutStripe;
    const incomplete: Partial<typeof stripe> = { ...stripe };
    delete incomplete.createConnector;
    // @ts-expect-error: a module without createConnector is not a processor module
    const partial: Registry = { ...PROCESSOR_MODULES, stripe: incomplete };
    const complete: Registry = { ...PROCESSOR_MODULES, stripe: { ...stripe, createConnector: connector } };
    expect(Object.keys(missing)).not.toContain("stripe");
    expect("createConnector" in partial.stripe).toBe(false);
    expect(Object.keys(complete).sort()).toEqual([...PROCESSORS].sort());
  });
});
