import { formatMinorUnits } from "@recon/domain";
import type { PaypalRawData, PaypalTransactionDetail } from "./paypal-types";
import { percentFee, type ProcessorKit } from "./processor-kit";
import type { Rng } from "./prng";
import type { PlannedPayment } from "./stripe-scenario";

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** PayPal transaction ids: 17 upper-case alphanumerics. */
function paypalId(rng: Rng): string {
  return rng.chars(17, ID_ALPHABET);
}

/**
 * A date-time as PayPal's API description documents it (`date_time`: RFC 3339, seconds required,
 * fractional seconds optional, offset `Z` or `±hh:mm`): UTC written as `+00:00`, milliseconds only
 * when there are any. Real replies have been seen with `+0000` (no colon), which the description's
 * pattern refuses; the emulator serves the documented form and the connector reads both.
 */
export function paypalDateTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  const fraction = ms % 1000 === 0 ? "" : iso.slice(19, 23);
  return `${iso.slice(0, 19)}${fraction}+00:00`;
}

/** PayPal's standard rate: 3.49% + 0.49 USD; JPY (no decimals at PayPal) 3.6% + 40; KWD 3.49% + 0.100. */
function paypalFee(currency: string, amountMinor: bigint): bigint {
  if (currency === "JPY") return percentFee(amountMinor, 360n, 40n);
  if (currency === "KWD") return percentFee(amountMinor, 349n, 100n);
  return percentFee(amountMinor, 349n, 49n);
}

/**
 * Renders payments as T0006 checkout payments (fee negative, as PayPal reports received
 * payments) and about 3% of them with a T1107 partial refund whose paypal_reference_id is the sale.
 */
export function createPaypalKit(): ProcessorKit<PaypalRawData> {
  const transactions: PaypalTransactionDetail[] = [];
  return {
    render(rng, payment: PlannedPayment, dayEnd) {
      const id = paypalId(rng);
      const account = rng.chars(13, ID_ALPHABET);
      const money = (minor: bigint) => ({ currency_code: payment.currency, value: formatMinorUnits(minor, payment.currency) });
      transactions.push({
        transaction_info: {
          paypal_account_id: account,
          transaction_id: id,
          transaction_event_code: "T0006",
          transaction_initiation_date: paypalDateTime(payment.occurredAt * 1000),
          transaction_updated_date: paypalDateTime(payment.occurredAt * 1000),
          transaction_amount: money(payment.amountMinor),
          fee_amount: money(-payment.feeMinor),
          transaction_status: "S",
          invoice_id: payment.orderId,
          protection_eligibility: "01",
        },
        payer_info: { account_id: account, email_address: `buyer-${account.toLowerCase()}@example.com`, payer_status: "Y" },
      });
      let refund = null;
      if (rng.chance(0.03)) {
        const refundId = paypalId(rng);
        const occurredAt = Math.min(payment.occurredAt + rng.int(60, 7_200), dayEnd - 1);
        const amountMinor = -(payment.amountMinor / 2n);
        transactions.push({
          transaction_info: {
            paypal_account_id: account,
            transaction_id: refundId,
            paypal_reference_id: id,
            paypal_reference_id_type: "TXN",
            transaction_event_code: "T1107",
            transaction_initiation_date: paypalDateTime(occurredAt * 1000),
            transaction_updated_date: paypalDateTime(occurredAt * 1000),
            transaction_amount: money(amountMinor),
            transaction_status: "S",
            invoice_id: payment.orderId,
          },
        });
        refund = { processorId: refundId, amountMinor, occurredAt };
      }
      return { processorId: id, alternateRef: null, refund };
    },
    fakeRef: paypalId,
    fee: paypalFee,
    raw: () => ({ transactions }),
  };
}
