import { formatMinorUnits } from "@recon/domain";
import type { PlannedPayment, ProcessorKit, RenderedRefund, Rng } from "@recon/sandbox";
import { adyenCosts, adyenFee, type AdyenCosts } from "./adyen-pricing";
import type { AdyenReportDay } from "./adyen-raw";
import { PAR } from "./payment-accounting-columns";

export const SANDBOX_MERCHANT_ACCOUNT = "ReconSandboxECOM";
const COMPANY_ACCOUNT = "ReconSandbox";
const PSP_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** Adyen PSP references: 16 upper-case alphanumerics, globally unique. */
function adyenPspReference(rng: Rng): string {
  return rng.chars(16, PSP_ALPHABET);
}

/** "2024-03-01 10:00:00": Booking Date in the report's zone, here UTC. */
function bookingDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 19).replace("T", " ");
}

const ZERO: AdyenCosts = { commission: 0n, markup: 0n, schemeFees: 0n, interchange: 0n };

/**
 * Renders each payment as Adyen books a card payment in its Payment accounting report, every
 * journal inside the payment's day: Received and Authorised at once, SentForSettle within minutes,
 * Settled later with the interchange++ costs (adyen-pricing.ts) and Payable = amount − costs.
 * About 3% of payments get a half refund: SentForRefund then Refunded, under the refund's own PSP
 * reference (Modification Psp Reference), Adyen's commission charged on it.
 */
export function createAdyenKit(): ProcessorKit<AdyenReportDay> {
  const lines: Record<string, string>[] = [];
  return {
    render(rng, payment: PlannedPayment, dayEnd) {
      const psp = adyenPspReference(rng);
      const at = (seconds: number) => bookingDate(Math.min(seconds, dayEnd - 1));
      const amount = (minor: bigint) => formatMinorUnits(minor, payment.currency);
      const method = rng.pick(["visa", "mc", "amex"]);
      const base = (journal: string, seconds: number, minor: bigint): Record<string, string> => ({
        [PAR.companyAccount]: COMPANY_ACCOUNT,
        [PAR.merchantAccount]: SANDBOX_MERCHANT_ACCOUNT,
        [PAR.pspReference]: psp,
        [PAR.merchantReference]: payment.orderId,
        [PAR.paymentMethod]: method,
        [PAR.bookingDate]: at(seconds),
        [PAR.timeZone]: "UTC",
        [PAR.mainCurrency]: payment.currency,
        [PAR.mainAmount]: amount(minor),
        [PAR.recordType]: journal,
        [PAR.paymentCurrency]: payment.currency,
      });
      const booked = (costs: AdyenCosts, payable: bigint): Record<string, string> => ({
        [PAR.settlementCurrency]: payment.currency,
        [PAR.payableSc]: amount(payable),
        [PAR.commissionSc]: amount(costs.commission),
        [PAR.markupSc]: amount(costs.markup),
        [PAR.schemeFeesSc]: amount(costs.schemeFees),
        [PAR.interchangeSc]: amount(costs.interchange),
      });
      const t0 = payment.occurredAt;
      const sentForSettle = t0 + rng.int(0, 600);
      const settledAt = sentForSettle + rng.int(60, 3_600);
      const costs = adyenCosts(payment.currency, payment.amountMinor);
      if (costs.commission + costs.markup + costs.schemeFees + costs.interchange !== payment.feeMinor) {
        throw new Error(`the planned fee ${payment.feeMinor} is not Adyen's price of ${payment.amountMinor} ${payment.currency}`);
      }
      lines.push(
        { ...base("Received", t0, payment.amountMinor), [PAR.receivedPc]: amount(payment.amountMinor) },
        { ...base("Authorised", t0, payment.amountMinor), [PAR.authorisedPc]: amount(payment.amountMinor) },
        { ...base("SentForSettle", sentForSettle, payment.amountMinor), [PAR.capturedPc]: amount(payment.amountMinor) },
        { ...base("Settled", settledAt, payment.amountMinor), ...booked(costs, payment.amountMinor - payment.feeMinor) },
      );
      let refund: RenderedRefund | null = null;
      if (rng.chance(0.03)) {
        const refundPsp = adyenPspReference(rng);
        const occurredAt = Math.min(t0 + rng.int(60, 7_200), dayEnd - 1);
        const refunded = payment.amountMinor / 2n;
        const refundCosts = { ...ZERO, commission: adyenCosts(payment.currency, 0n).commission };
        const modification = { [PAR.modificationPspReference]: refundPsp, [PAR.modificationMerchantReference]: `${payment.orderId}-refund` };
        lines.push(
          { ...base("SentForRefund", occurredAt, refunded), ...modification },
          { ...base("Refunded", occurredAt + rng.int(60, 3_600), refunded), ...modification, ...booked(refundCosts, -refunded - refundCosts.commission) },
        );
        refund = { processorId: refundPsp, amountMinor: -refunded, occurredAt };
      }
      return { processorId: psp, alternateRef: null, refund };
    },
    fakeRef: adyenPspReference,
    fee: adyenFee,
    raw: () => ({ lines }),
  };
}
