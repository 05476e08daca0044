import type { CsvFormat, LedgerConnector, ProcessorConnector } from "@recon/connectors";
import type { Processor } from "@recon/domain";
import type { SandboxPlugin } from "@recon/sandbox";
import type { z } from "zod";

/**
 * Everything the fleet knows about one processor, in one place. The registry holds one per
 * processor and is typed so that a processor without a complete module does not compile; the
 * env, log redaction, credential checks, rate limits, CSV import, sandbox and docs read it.
 */
export interface ProcessorModule<Shape extends z.ZodRawShape = z.ZodRawShape> {
  processor: Processor;
  /** How people write it: "PayPal". */
  title: string;
  /** Its settings, merged into the fleet's env schema. */
  env: z.ZodObject<Shape>;
  /** Settings that must all be set for the source to be configured (all or none). */
  credentials: readonly (keyof Shape & string)[];
  /** Settings whose values never reach a log line. */
  secrets: readonly (keyof Shape & string)[];
  /** Requests per second per fetch worker: the setting and its default (inside the processor's published limit). */
  rate: { setting: string; perSecond: number };
  /** The connector, from settings the credential check has already found complete. */
  createConnector(config: z.infer<z.ZodObject<Shape>>): ProcessorConnector;
  /** Export formats `recon import` reads for this processor. */
  csvFormats: readonly CsvFormat[];
  /** Its emulator and generated days on the built-in sandbox. */
  sandbox: SandboxPlugin;
}

/** The company's own ledger: the other side of every reconciliation. */
export interface LedgerModule<Shape extends z.ZodRawShape = z.ZodRawShape> {
  env: z.ZodObject<Shape>;
  credentials: readonly (keyof Shape & string)[];
  secrets: readonly (keyof Shape & string)[];
  rate: { setting: string; perSecond: number };
  createConnector(config: z.infer<z.ZodObject<Shape>>): LedgerConnector;
  csvFormats: readonly CsvFormat[];
}

/** Keeps each module's settings typed while the registry stores them side by side. */
export function defineProcessorModule<Shape extends z.ZodRawShape>(module: ProcessorModule<Shape>): ProcessorModule<Shape> {
  return module;
}
