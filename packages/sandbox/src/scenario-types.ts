import type { DiscrepancyKind, KindCounts, Processor } from "@recon/domain";
import type { LedgerRecord } from "./ledger-record";
import type { PaypalRawData } from "./paypal-types";
import type { SquareRawData } from "./square-types";
import type { StripeRawData } from "./stripe-types";

/** Processors the generator can produce. */
export const SCENARIO_PROCESSORS = ["stripe", "paypal", "square"] as const;
export type ScenarioProcessor = (typeof SCENARIO_PROCESSORS)[number];

export function isScenarioProcessor(value: string): value is ScenarioProcessor {
  return (SCENARIO_PROCESSORS as readonly string[]).includes(value);
}

export interface ScenarioOptions<P extends ScenarioProcessor = ScenarioProcessor> {
  processor: P;
  /** UTC calendar day, YYYY-MM-DD. */
  runDate: string;
  /** Default 1. The same (seed, processor, runDate, size) always gives the same scenario. */
  seed?: number;
  /** How many processor records, default 200. Below 10 no discrepancy is injected. */
  size?: number;
}

/**
 * One injected discrepancy: ids are the processor record's id (Stripe txn_, PayPal transaction id,
 * Square payment id) and the ledger id.
 */
export interface TruthItem {
  kind: DiscrepancyKind;
  processorId?: string;
  internalId?: string;
}

/** What a correct reconciliation of the scenario must find: exactly these, nothing else. */
export interface GroundTruth {
  processor: Processor;
  runDate: string;
  processorCount: number;
  internalCount: number;
  counts: KindCounts;
  items: TruthItem[];
}

export interface StripeScenario {
  processor: "stripe";
  runDate: string;
  seed: number;
  raw: StripeRawData;
  ledger: LedgerRecord[];
  truth: GroundTruth;
}

export interface PaypalScenario {
  processor: "paypal";
  runDate: string;
  seed: number;
  raw: PaypalRawData;
  ledger: LedgerRecord[];
  truth: GroundTruth;
}

export interface SquareScenario {
  processor: "square";
  runDate: string;
  seed: number;
  raw: SquareRawData;
  ledger: LedgerRecord[];
  truth: GroundTruth;
}

/** A processor's day generated through a sandbox plugin's kit: its raw shape is the plugin's own. */
export interface PluginScenario<Raw = unknown> {
  processor: Processor;
  runDate: string;
  seed: number;
  raw: Raw;
  ledger: LedgerRecord[];
  truth: GroundTruth;
}

/** Every built-in processor's scenario, each with its own `raw` shape. */
export type Scenario = StripeScenario | PaypalScenario | SquareScenario;

/** The scenario type of one processor: `ScenarioOf<"paypal">` is PaypalScenario. */
export type ScenarioOf<P extends ScenarioProcessor> = Extract<Scenario, { processor: P }>;
