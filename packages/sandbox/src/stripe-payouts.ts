import { dayWindow } from "@recon/domain";
import type { Rng } from "./prng";
import type { StripeActivity } from "./stripe-activity";
import { renderPayout } from "./stripe-balance-objects";
import { AVAILABLE_AFTER_DAYS } from "./stripe-balance-transaction";
import type { StripeBalanceTransaction, StripePayout, StripePayoutContents } from "./stripe-types";

/** How many days after a balance transaction its automatic payout comes: when its funds become available. */
export const PAYOUT_DELAY_DAYS = AVAILABLE_AFTER_DAYS;

export interface StripePayouts {
  balanceTransactions: StripeBalanceTransaction[];
  payouts: StripePayout[];
  contents: Record<string, StripePayoutContents>;
}

/** The run date `days` after `runDate` (before it when negative). */
export function shiftDay(runDate: string, days: number): string {
  return new Date(dayWindow(runDate).start.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The automatic payouts of `runDate`, one per currency: each pays out what became available that
 * morning, i.e. every `available` balance transaction of the activity two days earlier in its
 * currency (held charges are still pending and wait for a later payout). A currency whose
 * balance change is not positive has no payout that day. Created in the first four hours of
 * the day; about a third still `in_transit`, the rest `paid`.
 */
export function generateStripePayouts(rng: Rng, runDate: string, earlier: StripeActivity): StripePayouts {
  const dayStart = Math.floor(dayWindow(runDate).start.getTime() / 1000);
  const result: StripePayouts = { balanceTransactions: [], payouts: [], contents: {} };
  const currencies = [...new Set(earlier.balanceTransactions.map((t) => t.currency))].sort();
  for (const currency of currencies) {
    const paidOut = earlier.balanceTransactions.filter((t) => t.currency === currency && t.status === "available");
    const amount = paidOut.reduce((sum, t) => sum + BigInt(t.net), 0n);
    if (amount <= 0n) continue;
    const at = dayStart + rng.int(0, 4 * 3_600 - 1);
    const { balanceTransaction, payout } = renderPayout(rng, currency.toUpperCase(), amount, at, rng.chance(1 / 3) ? "in_transit" : "paid");
    result.balanceTransactions.push(balanceTransaction);
    result.payouts.push(payout);
    result.contents[payout.id] = { day: earlier.runDate, balanceTransactionIds: paidOut.map((t) => t.id) };
  }
  return result;
}
