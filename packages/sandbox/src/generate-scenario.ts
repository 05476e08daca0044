import { dayWindow, emptyKindCounts, parseRunDate, type Processor } from "@recon/domain";
import type { LedgerRecord } from "./ledger-record";
import { deriveSeed, mulberry32, type Rng } from "./prng";
import { createPaypalKit } from "./paypal-scenario";
import type { ProcessorKit } from "./processor-kit";
import type { PluginScenario, ScenarioOf, ScenarioOptions, ScenarioProcessor, TruthItem } from "./scenario-types";
import { isScenarioProcessor, SCENARIO_PROCESSORS } from "./scenario-types";
import { createSquareKit } from "./square-scenario";
import { compareLedger, ledgerId, ledgerRecord, planPayment, shiftedAmount, shuffle } from "./scenario-parts";
import { generateStripeScenario } from "./stripe-day";

export const DEFAULT_SEED = 1;
export const DEFAULT_SIZE = 200;

/**
 * Builds one day of one processor: its raw records, the ledger's records for the same day and
 * the ground truth of every discrepancy injected. Pure and deterministic: the PRNG is seeded from
 * (seed, processor, runDate, size), so another day or processor never shifts this one's data.
 *
 * Injected, a few of each (2..5, at most size/10): missing_in_internal, missing_in_processor,
 * amount_mismatch. Every other pair agrees exactly: amount, currency, status "succeeded", fee.
 */
export function generateScenario<P extends ScenarioProcessor>(options: ScenarioOptions<P>): ScenarioOf<P> {
  const { processor } = options;
  if (!isScenarioProcessor(processor)) {
    throw new Error(`the sandbox cannot generate "${String(processor)}" scenarios (supported: ${SCENARIO_PROCESSORS.join(", ")})`);
  }
  const runDate = parseRunDate(options.runDate);
  const seed = options.seed ?? DEFAULT_SEED;
  const size = options.size ?? DEFAULT_SIZE;
  if (!Number.isInteger(size) || size < 0) throw new Error(`invalid size ${size}: expected an integer >= 0`);
  const rng = mulberry32(deriveSeed(seed, processor, runDate, size));
  // Each branch builds exactly the scenario of P; TypeScript cannot narrow a generic, hence the casts.
  if (processor === "paypal") return generateKitScenario(rng, "paypal", createPaypalKit(), runDate, seed, size) as ScenarioOf<P>;
  if (processor === "square") return generateKitScenario(rng, "square", createSquareKit(), runDate, seed, size) as ScenarioOf<P>;
  return generateStripeScenario(runDate, seed, size) as ScenarioOf<P>;
}

/**
 * A plugin processor's day (see SandboxPlugin), generated through its kit exactly as PayPal's and
 * Square's are: the same plan, discrepancies and truth, so a new processor needs no generator.
 */
export function generatePluginScenario<Raw>(kit: ProcessorKit<Raw>, options: { processor: Processor; runDate: string; seed?: number; size?: number }): PluginScenario<Raw> {
  const runDate = parseRunDate(options.runDate);
  const seed = options.seed ?? DEFAULT_SEED;
  const size = options.size ?? DEFAULT_SIZE;
  if (!Number.isInteger(size) || size < 0) throw new Error(`invalid size ${size}: expected an integer >= 0`);
  const rng = mulberry32(deriveSeed(seed, options.processor, runDate, size));
  return generateKitScenario(rng, options.processor, kit, runDate, seed, size);
}

/**
 * PayPal, Square and plugin processors: the same plan as Stripe's (payments, 2..5 of each
 * injected kind), rendered through the processor's kit. Refunds the kit attaches are booked by
 * the ledger too (negative amount, no expected fee), so they are matched, never findings. A kit
 * that settles the day (Square's payouts) then adds its own records, their bookings and what it
 * planted in them.
 */
function generateKitScenario<P extends Processor, Raw>(
  rng: Rng,
  processor: P,
  kit: ProcessorKit<Raw>,
  runDate: string,
  seed: number,
  size: number,
): { processor: P; runDate: string; seed: number; raw: Raw; ledger: LedgerRecord[]; truth: PluginScenario["truth"] } {
  const dayStart = Math.floor(dayWindow(runDate).start.getTime() / 1000);
  const dayEnd = dayStart + 86_400;
  const few = (): number => Math.min(rng.int(2, 5), Math.floor(size / 10));
  const missingInInternal = few();
  const missingInProcessor = few();
  const amountMismatch = few();

  const rendered = Array.from({ length: size }, () => {
    const planned = planPayment(rng, dayStart);
    const payment = { ...planned, feeMinor: kit.fee(planned.currency, planned.amountMinor) };
    return { payment, out: kit.render(rng, payment, dayEnd) };
  });
  const order = shuffle(rng, rendered.map((_, i) => i));
  const missingSet = new Set(order.slice(0, missingInInternal));
  const mismatchSet = new Set(order.slice(missingInInternal, missingInInternal + amountMismatch));

  const items: TruthItem[] = [];
  const ledger: LedgerRecord[] = [];
  let processorCount = 0;
  rendered.forEach(({ payment, out }, index) => {
    processorCount += out.refund ? 2 : 1;
    if (out.refund) {
      const refundPayment = { ...payment, amountMinor: out.refund.amountMinor, occurredAt: out.refund.occurredAt };
      ledger.push({ ...ledgerRecord(ledgerId(rng), out.refund.processorId, refundPayment, out.refund.amountMinor, processor), fee: null });
    }
    if (missingSet.has(index)) {
      items.push({ kind: "missing_in_internal", processorId: out.processorId });
      return;
    }
    const ref = out.alternateRef !== null && rng.chance(0.2) ? out.alternateRef : out.processorId;
    let amountMinor = payment.amountMinor;
    const id = ledgerId(rng);
    if (mismatchSet.has(index)) {
      amountMinor = shiftedAmount(rng, payment);
      items.push({ kind: "amount_mismatch", processorId: out.processorId, internalId: id });
    }
    ledger.push(ledgerRecord(id, ref, payment, amountMinor, processor));
  });
  for (let i = 0; i < missingInProcessor; i++) {
    const planned = planPayment(rng, dayStart);
    const payment = { ...planned, feeMinor: kit.fee(planned.currency, planned.amountMinor) };
    const id = ledgerId(rng);
    ledger.push(ledgerRecord(id, kit.fakeRef(rng), payment, payment.amountMinor, processor));
    items.push({ kind: "missing_in_processor", internalId: id });
  }
  const settled = kit.settle?.({ rng, ledgerId: () => ledgerId(rng), plant: Math.floor(size / 10) > 0, dayEnd });
  if (settled) {
    processorCount += settled.processorCount;
    ledger.push(...settled.ledger);
    items.push(...settled.items);
  }
  ledger.sort(compareLedger);
  const counts = emptyKindCounts();
  for (const item of items) counts[item.kind] += 1;
  return {
    processor,
    runDate,
    seed,
    raw: kit.raw(),
    ledger,
    truth: { processor, runDate, processorCount, internalCount: ledger.length, counts, items },
  };
}
