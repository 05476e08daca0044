import { parseRunDate, type InternalTransaction, type ProcessorTransaction, type TransactionType } from "@recon/domain";
import { mulberry32, type Rng } from "../prng";
import type { TruthDay, TruthDayOptions, TruthOutcome } from "./truth-types";

/** Default records per side. */
export const TRUTH_DAY_DEFAULT_SIZE = 10_000;
/** The grace period the truth day assumes into each neighbouring day: one hour. */
export const TRUTH_DAY_GRACE_MS = 60 * 60 * 1000;

const HEX = "0123456789abcdef";
// Ordinary amounts stay below this, so the bands used for tolerance cases (>= 10,000,000)
// can never be confused with them: the truth must be unambiguous to be a truth.
const TOLERANCE_BAND_START = 10_000_000n;
const TOLERANCE_BAND_STEP = 200_000n;
// Room per part of a day generated in parts: ids per part, and tolerance amount bands per part.
// Bands continue from one part to the next (a 1M part uses 4,000), so a day made of parts has
// the same amounts as one generated at once: far-apart bands would be within 0.5% of each
// other at large amounts and flood the tolerance pass with admissible pairs no real day has.
const PART_SEQUENCE_SPAN = 100_000_000;
const PART_TOLERANCE_SLOTS = 5_000n;

interface Ctx {
  rng: Rng;
  dayStart: number;
  processor: ProcessorTransaction[];
  internal: InternalTransaction[];
  truth: TruthOutcome[];
  seq: number;
  toleranceSlot: bigint;
}

function uid(ctx: Ctx, prefix: string): string {
  ctx.seq += 1;
  return `${prefix}_${ctx.seq.toString(36).padStart(6, "0")}${ctx.rng.chars(10, HEX)}`;
}

function currencyOf(rng: Rng): string {
  const r = rng.next();
  return r < 0.8 ? "USD" : r < 0.9 ? "JPY" : "KWD";
}

function amountOf(rng: Rng, currency: string): bigint {
  if (currency === "JPY") return BigInt(rng.int(100, 90_000));
  if (currency === "KWD") return BigInt(rng.int(1_000, 90_000)); // fils: 1.000 to 90.000 KWD
  return BigInt(rng.int(100, 90_000));
}

/** Inside the day, keeping an hour clear of each boundary so only the timing cases straddle it. */
function timeInDay(ctx: Ctx): Date {
  return new Date(ctx.dayStart + ctx.rng.int(3_600, 86_400 - 3_600) * 1000);
}

function feeOf(amount: bigint): bigint {
  const a = amount < 0n ? -amount : amount;
  return (a * 29n) / 1000n + 30n;
}

function ptx(
  ctx: Ctx,
  fields: { gross: bigint; currency: string; at: Date; type?: TransactionType; reference?: string | null; relatedIds?: string[] },
): ProcessorTransaction {
  const fee = fields.type === undefined || fields.type === "payment" ? feeOf(fields.gross) : 0n;
  return {
    processor: "stripe",
    externalId: uid(ctx, "txn"),
    relatedIds: fields.relatedIds ?? [uid(ctx, "ch")],
    reference: fields.reference === undefined ? uid(ctx, "ord") : fields.reference,
    merchantId: "acct_truth",
    grossMinor: fields.gross,
    feeMinor: fee,
    netMinor: fields.gross - fee,
    currency: fields.currency,
    status: "succeeded",
    rawStatus: "available",
    type: fields.type ?? "payment",
    occurredAt: fields.at,
    raw: null,
  };
}

/** The ledger's faithful booking of `p`, naming it by its own id or (half the time) its charge id. */
function bookingOf(ctx: Ctx, p: ProcessorTransaction, overrides: Partial<InternalTransaction> = {}): InternalTransaction {
  const ref = p.relatedIds.length > 0 && p.type === "payment" && ctx.rng.chance(0.5) ? p.relatedIds[0]! : p.externalId;
  return {
    externalId: uid(ctx, "led"),
    processor: "stripe",
    processorRef: ref,
    reference: p.reference,
    grossMinor: p.grossMinor,
    feeMinor: ctx.rng.chance(0.5) ? p.feeMinor : null,
    currency: p.currency,
    status: p.status,
    occurredAt: new Date(p.occurredAt.getTime() + ctx.rng.int(0, 600) * 1000),
    raw: null,
    ...overrides,
  };
}

function add(ctx: Ctx, kind: TruthOutcome["kind"], ps: ProcessorTransaction[], ls: InternalTransaction[]): void {
  ctx.processor.push(...ps);
  ctx.internal.push(...ls);
  ctx.truth.push({
    kind,
    processorIds: ps.map((p) => p.externalId).sort(),
    internalIds: ls.map((l) => l.externalId).sort(),
  });
}

function payment(ctx: Ctx, at: Date = timeInDay(ctx)): ProcessorTransaction {
  const currency = currencyOf(ctx.rng);
  return ptx(ctx, { gross: amountOf(ctx.rng, currency), currency, at });
}

/** One injected case of every kind the engine knows, written with its expected outcome. */
const CASES: ((ctx: Ctx) => void)[] = [
  // missing_in_internal: a payment, and a refund, the ledger never booked
  (ctx) => add(ctx, "missing_in_internal", [payment(ctx)], []),
  (ctx) => {
    const p = payment(ctx);
    const l = bookingOf(ctx, p, { processorRef: p.externalId });
    add(ctx, "matched", [p], [l]);
    const refund = ptx(ctx, {
      gross: -p.grossMinor,
      currency: p.currency,
      at: new Date(p.occurredAt.getTime() + 60_000),
      type: "refund",
      reference: p.reference,
      relatedIds: [...p.relatedIds],
    });
    add(ctx, "missing_in_internal", [refund], []);
  },
  // missing_in_processor: the ledger names a charge the processor never issued
  (ctx) => {
    const ghost = payment(ctx);
    add(ctx, "missing_in_processor", [], [bookingOf(ctx, ghost, { processorRef: uid(ctx, "ch") })]);
  },
  // amount_mismatch by id, and via the tolerance pass (no processor id, no reference)
  (ctx) => {
    const p = payment(ctx);
    add(ctx, "amount_mismatch", [p], [bookingOf(ctx, p, { grossMinor: p.grossMinor + BigInt(ctx.rng.int(1, 99)) })]);
  },
  (ctx) => {
    ctx.toleranceSlot += 1n;
    const gross = TOLERANCE_BAND_START + ctx.toleranceSlot * TOLERANCE_BAND_STEP;
    const p = ptx(ctx, { gross, currency: "USD", at: timeInDay(ctx) });
    const delta = BigInt(ctx.rng.int(1, 30_000)) * (ctx.rng.chance(0.5) ? 1n : -1n);
    add(ctx, "amount_mismatch", [p], [bookingOf(ctx, p, { processorRef: null, reference: null, grossMinor: gross + delta })]);
  },
  // currency_mismatch, status_mismatch, fee_mismatch by id
  (ctx) => {
    const p = payment(ctx);
    add(ctx, "currency_mismatch", [p], [bookingOf(ctx, p, { currency: p.currency === "USD" ? "EUR" : "USD" })]);
  },
  (ctx) => {
    const p = payment(ctx);
    add(ctx, "status_mismatch", [p], [bookingOf(ctx, p, { status: "pending" })]);
  },
  (ctx) => {
    const p = payment(ctx);
    add(ctx, "fee_mismatch", [p], [bookingOf(ctx, p, { feeMinor: p.feeMinor + 1n })]);
  },
  // duplicate: a processor record delivered twice; a ledger row copied; a payment booked twice
  (ctx) => {
    const p = payment(ctx);
    const l = bookingOf(ctx, p);
    add(ctx, "matched", [p], [l]);
    add(ctx, "duplicate", [{ ...p }], []);
  },
  (ctx) => {
    const p = payment(ctx);
    const l = bookingOf(ctx, p);
    add(ctx, "matched", [p], [l]);
    add(ctx, "duplicate", [], [{ ...l }]);
  },
  (ctx) => {
    const p = payment(ctx);
    const l = bookingOf(ctx, p);
    add(ctx, "matched", [p], [l]);
    // The id sorts after the original's, so the original is the one kept (canonical order).
    add(ctx, "duplicate", [], [{ ...l, externalId: `${l.externalId}_dup` }]);
  },
  // timing: a payment just before midnight booked just after, and the reverse at the day's start
  (ctx) => {
    const p = payment(ctx, new Date(ctx.dayStart + 86_400_000 - ctx.rng.int(1, 900) * 1000));
    add(ctx, "timing", [p], [bookingOf(ctx, p, { occurredAt: new Date(ctx.dayStart + 86_400_000 + ctx.rng.int(0, 900) * 1000) })]);
  },
  (ctx) => {
    const p = payment(ctx, new Date(ctx.dayStart + ctx.rng.int(0, 900) * 1000));
    add(ctx, "timing", [p], [bookingOf(ctx, p, { occurredAt: new Date(ctx.dayStart - ctx.rng.int(1, 900) * 1000) })]);
  },
  // grace-period records that belong to the next day's run (its processor side is on the next day)
  (ctx) => {
    const p = payment(ctx, new Date(ctx.dayStart + 86_400_000 + ctx.rng.int(0, 900) * 1000));
    add(ctx, "out_of_window", [p], [bookingOf(ctx, p, { occurredAt: new Date(ctx.dayStart + 86_400_000 - ctx.rng.int(1, 900) * 1000) })]);
  },
  (ctx) => add(ctx, "out_of_window", [payment(ctx, new Date(ctx.dayStart - ctx.rng.int(1, 1_800) * 1000))], []),
  // reference pass: the ledger lacks the processor id but has the order reference and the amount
  (ctx) => {
    const p = payment(ctx);
    add(ctx, "matched", [p], [bookingOf(ctx, p, { processorRef: null })]);
  },
  // tolerance pass, same amount: no id, no reference, close in time
  (ctx) => {
    ctx.toleranceSlot += 1n;
    const p = ptx(ctx, { gross: TOLERANCE_BAND_START + ctx.toleranceSlot * TOLERANCE_BAND_STEP, currency: "USD", at: timeInDay(ctx) });
    add(ctx, "matched", [p], [bookingOf(ctx, p, { processorRef: null, reference: null })]);
  },
  // split capture: two or three captures, one ledger row for the order
  (ctx) => {
    const currency = currencyOf(ctx.rng);
    const reference = uid(ctx, "ord");
    const at = timeInDay(ctx);
    const parts = Array.from({ length: ctx.rng.int(2, 3) }, (_, i) =>
      ptx(ctx, { gross: amountOf(ctx.rng, currency), currency, at: new Date(at.getTime() + i * 60_000), reference }),
    );
    const total = parts.reduce((sum, p) => sum + p.grossMinor, 0n);
    add(ctx, "matched_group", parts, [
      bookingOf(ctx, parts[0]!, { processorRef: null, grossMinor: total, feeMinor: null }),
    ]);
  },
  // partial refunds: two refunds of a payment, booked by the ledger as one refund row
  (ctx) => {
    const p = payment(ctx);
    add(ctx, "matched", [p], [bookingOf(ctx, p, { processorRef: p.externalId })]);
    const first = p.grossMinor / 3n + 1n;
    const refunds = [first, p.grossMinor - first].map((part, i) =>
      ptx(ctx, {
        gross: -part,
        currency: p.currency,
        at: new Date(p.occurredAt.getTime() + (i + 1) * 120_000),
        type: "refund",
        reference: p.reference,
        relatedIds: [...p.relatedIds],
      }),
    );
    add(ctx, "matched_group", refunds, [
      bookingOf(ctx, refunds[0]!, { processorRef: null, grossMinor: -p.grossMinor, feeMinor: null }),
    ]);
  },
  // the reverse: one processor record booked by the ledger as two rows of the order
  (ctx) => {
    const p = payment(ctx);
    const first = p.grossMinor / 2n;
    add(ctx, "matched_group", [p], [
      bookingOf(ctx, p, { processorRef: null, grossMinor: first, feeMinor: null }),
      bookingOf(ctx, p, { processorRef: null, grossMinor: p.grossMinor - first, feeMinor: null }),
    ]);
  },
  // a refund, a dispute and a payout reconciled as their own transactions, linked to the payment
  (ctx) => {
    const p = payment(ctx);
    add(ctx, "matched", [p], [bookingOf(ctx, p, { processorRef: p.externalId })]);
    for (const [i, type] of (["refund", "dispute"] as const).entries()) {
      const t = ptx(ctx, {
        gross: -p.grossMinor,
        currency: p.currency,
        at: new Date(p.occurredAt.getTime() + (i + 1) * 300_000),
        type,
        reference: p.reference,
        relatedIds: [...p.relatedIds],
      });
      add(ctx, "matched", [t], [bookingOf(ctx, t, { processorRef: t.externalId, feeMinor: null })]);
    }
    const payout = ptx(ctx, { gross: -p.grossMinor, currency: p.currency, at: timeInDay(ctx), type: "payout", reference: null, relatedIds: [uid(ctx, "po")] });
    add(ctx, "matched", [payout], [bookingOf(ctx, payout, { processorRef: payout.relatedIds[0]!, feeMinor: null })]);
  },
];

/**
 * A normalised day of one processor (Stripe-shaped ids) and the ledger, with every kind of
 * break injected and the outcome each record must get written down beside it. Deterministic
 * for a seed. Every record belongs to exactly one truth outcome; ordinary payments (the bulk)
 * are clean matches booked by id.
 */
export function generateTruthDay(options: TruthDayOptions = {}): TruthDay {
  const size = options.size ?? TRUTH_DAY_DEFAULT_SIZE;
  if (!Number.isInteger(size) || size < 1) throw new Error(`size must be a positive integer, got ${size}`);
  const runDate = parseRunDate(options.runDate ?? "2026-11-24");
  const dayStart = Date.parse(`${runDate}T00:00:00.000Z`);
  const part = options.part ?? 0;
  if (!Number.isInteger(part) || part < 0) throw new Error(`part must be a non-negative integer, got ${part}`);
  const ctx: Ctx = {
    rng: mulberry32(options.seed ?? 20260101),
    dayStart,
    processor: [],
    internal: [],
    truth: [],
    // Each part numbers its ids and tolerance bands from its own range, far beyond another's.
    seq: part * PART_SEQUENCE_SPAN,
    toleranceSlot: BigInt(part) * PART_TOLERANCE_SLOTS,
  };
  const perCase = Math.max(2, Math.round(((options.casesPer10k ?? 20) * size) / 10_000));
  for (let round = 0; round < perCase; round++) for (const inject of CASES) inject(ctx);
  if (ctx.toleranceSlot > BigInt(part + 1) * PART_TOLERANCE_SLOTS) {
    throw new Error(`a part of ${size} records needs more than ${PART_TOLERANCE_SLOTS} tolerance bands: generate smaller parts`);
  }
  while (ctx.processor.length < size) {
    const p = payment(ctx);
    add(ctx, "matched", [p], [bookingOf(ctx, p)]);
  }
  return {
    runDate,
    window: { start: new Date(dayStart), end: new Date(dayStart + 86_400_000) },
    graceMs: TRUTH_DAY_GRACE_MS,
    processor: ctx.processor,
    internal: ctx.internal,
    truth: ctx.truth,
  };
}
