import type { DiscrepancyKind, KindCounts } from "@recon/domain";
import type { LedgerRecord } from "./ledger-record";
import type { StripeRawData } from "./stripe-types";

/** Processors the generator can produce today; PayPal and Square join this union later. */
export const SCENARIO_PROCESSORS = ["stripe"] as const;
export type ScenarioProcessor = (typeof SCENARIO_PROCESSORS)[number];

export function isScenarioProcessor(value: string): value is ScenarioProcessor {
  return (SCENARIO_PROCESSORS as readonly string[]).includes(value);
}

export interface ScenarioOptions {
  processor: ScenarioProcessor;
  /** UTC calendar day, YYYY-MM-DD. */
  runDate: string;
  /** Default 1. The same (seed, processor, runDate, size) always gives the same scenario. */
  seed?: number;
  /** How many processor records, default 200. Below 10 no discrepancy is injected. */
  size?: number;
}

/** One injected discrepancy: ids are the processor record's id (Stripe txn_) and the ledger id. */
export interface TruthItem {
  kind: DiscrepancyKind;
  processorId?: string;
  internalId?: string;
}

/** What a correct reconciliation of the scenario must find: exactly these, nothing else. */
export interface GroundTruth {
  processor: ScenarioProcessor;
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

/** A union so that PayPal and Square scenarios slot in with their own `raw` shape. */
export type Scenario = StripeScenario;
