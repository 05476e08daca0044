import { percentFee } from "@recon/sandbox";

/** The parts of Adyen's interchange++ price of one payment, in minor units of its currency. */
export interface AdyenCosts {
  commission: bigint;
  markup: bigint;
  schemeFees: bigint;
  interchange: bigint;
}

/** Adyen's fixed processing fee per payment: about €0.11, here 0.12 USD, ¥15, 0.040 KWD. */
function commissionOf(currency: string): bigint {
  if (currency === "JPY") return 15n;
  if (currency === "KWD") return 40n;
  return 12n;
}

/**
 * The sandbox's Adyen-like pricing: a fixed commission, then interchange (0.30%), scheme fees
 * (0.10%) and Adyen's markup (0.60%) of the amount; the whole rounded once, the markup taking
 * the rounding so the parts always add up to the fee.
 */
export function adyenCosts(currency: string, amountMinor: bigint): AdyenCosts {
  const commission = commissionOf(currency);
  const total = percentFee(amountMinor, 100n, commission);
  const interchange = percentFee(amountMinor, 30n, 0n);
  const schemeFees = percentFee(amountMinor, 10n, 0n);
  return { commission, interchange, schemeFees, markup: total - commission - interchange - schemeFees };
}

export function adyenFee(currency: string, amountMinor: bigint): bigint {
  const costs = adyenCosts(currency, amountMinor);
  return costs.commission + costs.markup + costs.schemeFees + costs.interchange;
}
