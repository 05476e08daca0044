// The admissible pairs of the tolerance pass, held in typed columns (32 bytes a pair) instead of
// one object each (about 100 bytes with its bigint): the leftovers of a day of 10,000,000 records
// per side have 1.7 million admissible pairs, which as objects pushed the settling process past
// its heap limit. closestFirst below is the order the pass takes pairs in; the pass's property
// test holds it to a plain restatement of the rule over pair objects.
import { compareStrings } from "../canonical-order";

/** Amount differences below this are kept exactly (the high part is a double, exact below 2^53). */
const MAX_EXACT_DIFF = 2n ** 85n;
const LOW_BITS = 2n ** 32n;

export class ToleranceEdges {
  length = 0;
  private processor = new Uint32Array(1024);
  private ledger = new Uint32Array(1024);
  /** amountDiff = high * 2^32 + low, exactly. */
  private diffHigh = new Float64Array(1024);
  private diffLow = new Uint32Array(1024);
  private timeDiff = new Float64Array(1024);

  /** Adds the pair (processor record `p`, ledger row `l`), both given by their index in the pass's lists. */
  push(p: number, l: number, amountDiff: bigint, timeDiff: number): void {
    if (amountDiff < 0n || amountDiff >= MAX_EXACT_DIFF) {
      throw new Error(`amount difference ${amountDiff} is outside what the tolerance pass compares exactly`);
    }
    if (this.length === this.processor.length) this.grow();
    const i = this.length++;
    this.processor[i] = p;
    this.ledger[i] = l;
    this.diffHigh[i] = Number(amountDiff / LOW_BITS);
    this.diffLow[i] = Number(amountDiff % LOW_BITS);
    this.timeDiff[i] = timeDiff;
  }

  /**
   * The pairs' positions, closest first: smallest amount difference, then time difference, then
   * the processor record's id, then the ledger row's id.
   */
  closestFirst(processorIds: readonly string[], ledgerIds: readonly string[]): Uint32Array {
    const order = new Uint32Array(this.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    const { processor, ledger, diffHigh, diffLow, timeDiff } = this;
    return order.sort(
      (a, b) =>
        diffHigh[a]! - diffHigh[b]! ||
        diffLow[a]! - diffLow[b]! ||
        timeDiff[a]! - timeDiff[b]! ||
        compareStrings(processorIds[processor[a]!]!, processorIds[processor[b]!]!) ||
        compareStrings(ledgerIds[ledger[a]!]!, ledgerIds[ledger[b]!]!),
    );
  }

  processorOf(edge: number): number {
    return this.processor[edge]!;
  }

  ledgerOf(edge: number): number {
    return this.ledger[edge]!;
  }

  private grow(): void {
    const size = this.processor.length * 2;
    this.processor = copyInto(new Uint32Array(size), this.processor);
    this.ledger = copyInto(new Uint32Array(size), this.ledger);
    this.diffHigh = copyInto(new Float64Array(size), this.diffHigh);
    this.diffLow = copyInto(new Uint32Array(size), this.diffLow);
    this.timeDiff = copyInto(new Float64Array(size), this.timeDiff);
  }
}

function copyInto<T extends Uint32Array | Float64Array>(to: T, from: T): T {
  to.set(from);
  return to;
}
