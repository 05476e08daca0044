import type { Processor } from "@recon/domain";
import type { Fault, RecordCorruptions } from "./faults";
import type { Exchange } from "./http-util";
import type { ProcessorKit } from "./processor-kit";

/**
 * A processor's part of the sandbox, supplied by its source module: how to generate its day
 * (through the shared payment plan, so the ledger and the truth agree) and how to serve it.
 * The sandbox calls `kit()` once per generated day: a kit holds that day's state.
 */
export interface SandboxPlugin<Raw = unknown> {
  processor: Processor;
  kit(): ProcessorKit<Raw>;
  start(options: EmulatorStartOptions<Raw>): Promise<StartedEmulator>;
}

export interface EmulatorStartOptions<Raw> {
  /** The generated raw data of one UTC day (generated on first use, then kept). */
  day(runDate: string): Raw;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default ephemeral. */
  port?: number;
  faults?: Fault[];
  corrupt?: RecordCorruptions;
  recordExchanges?: boolean;
}

export interface StartedEmulator {
  /** The settings that point the processor's connector at this emulator, e.g. { ADYEN_API_KEY, ADYEN_REPORT_BASE }. */
  env: Record<string, string>;
  baseUrl: string;
  requestCount(): number;
  exchanges(): readonly Exchange[];
  close(): Promise<void>;
}
