import type { CsvFormat, LedgerConnector, ProcessorConnector, RequestGate } from "@recon/connectors";
import type { Processor } from "@recon/domain";
import type { SandboxPlugin } from "@recon/sandbox";
import type { z } from "zod";
import type { BuiltinEmulator } from "./builtin-emulator";

/**
 * Everything the fleet knows about one processor, in one place, as a module declares it (its
 * settings typed). The registry holds one per processor and is typed so that a processor without
 * a complete module does not compile; the env, log redaction, credential checks, rate limits, CSV
 * import, sandbox and docs read it.
 */
export interface TypedProcessorModule<P extends Processor, Shape extends z.ZodRawShape> {
  processor: P;
  /** How people write it: "PayPal". */
  title: string;
  /** Its settings, merged into the fleet's env schema. */
  env: z.ZodObject<Shape>;
  /** Settings that must all be set for the source to be configured (all or none). */
  credentials: readonly (keyof Shape & string)[];
  /** Settings whose values never reach a log line. */
  secrets: readonly (keyof Shape & string)[];
  /** Requests per second to its API across the fleet by default (FETCH_RATE_<PROCESSOR>), inside the processor's published limit. */
  rate: { perSecond: number };
  /** The connector, from settings the credential check has already found complete; it awaits the gate before every request. */
  createConnector(config: z.infer<z.ZodObject<Shape>>, gate?: RequestGate): ProcessorConnector;
  /** Export formats `recon import` reads for this processor. */
  csvFormats: readonly CsvFormat[];
  /** Its emulator and generated days on the built-in sandbox (a plugin; the first three are built in). */
  sandbox: SandboxPlugin | BuiltinEmulator;
}

/** A processor module as the fleet uses it, whatever its settings. */
export interface ProcessorModule {
  processor: Processor;
  title: string;
  env: { shape: z.ZodRawShape };
  credentials: readonly string[];
  secrets: readonly string[];
  rate: { perSecond: number };
  // A method, so a module's typed settings fit this wider parameter.
  createConnector(config: Record<string, unknown>, gate?: RequestGate): ProcessorConnector;
  csvFormats: readonly CsvFormat[];
  sandbox: SandboxPlugin | BuiltinEmulator;
}

/** The company's own ledger: the other side of every reconciliation. */
export interface LedgerModule<Shape extends z.ZodRawShape> {
  env: z.ZodObject<Shape>;
  credentials: readonly (keyof Shape & string)[];
  secrets: readonly (keyof Shape & string)[];
  /** Requests per second to the ledger API by default (FETCH_RATE_INTERNAL). */
  rate: { perSecond: number };
  createConnector(config: z.infer<z.ZodObject<Shape>>, gate?: RequestGate): LedgerConnector;
  csvFormats: readonly CsvFormat[];
}

/** Keeps a module's settings typed inside its own folder. */
export function defineProcessorModule<P extends Processor, Shape extends z.ZodRawShape>(module: TypedProcessorModule<P, Shape>): TypedProcessorModule<P, Shape> {
  return module;
}
