import { pairByKeys, type MatchPass } from "../match-pass";

/**
 * Ledger rows naming another id of the same money (a Stripe charge or payment intent, a
 * PayPal reference id, a Square order id), tried in the processor's order.
 */
export const relatedIdPass: MatchPass = {
  name: "related_id",
  run: (state) => pairByKeys(state, "related_id", (p) => p.relatedIds),
};
