import { dayWindow } from "@recon/domain";
import { deriveSeed, ledgerId, ledgerRecord, mulberry32, planPayment, type LedgerRecord } from "@recon/sandbox";
import { createAdyenKit } from "./adyen-kit";
import type { AdyenReportDay } from "./adyen-raw";

export interface GeneratedDay {
  raw: AdyenReportDay;
  /** What the ledger books of the day's processor records (every one of them: no discrepancy planted). */
  ledger: LedgerRecord[];
  /** Processor records the kit rendered: a payment, plus its refund when it has one. */
  processorCount: number;
}

/**
 * One day through the Adyen kit the way the sandbox's generic generator drives a kit (plan a
 * payment, price it with kit.fee, render it, book it and its refund), without planting
 * discrepancies: what the emulator serves must then come back whole through the connector.
 */
export function generateAdyenDay(runDate: string, size: number, seed = 1): GeneratedDay {
  const rng = mulberry32(deriveSeed(seed, "adyen", runDate, size));
  const kit = createAdyenKit();
  const dayStart = Math.floor(dayWindow(runDate).start.getTime() / 1000);
  const ledger: LedgerRecord[] = [];
  let processorCount = 0;
  for (let i = 0; i < size; i++) {
    const planned = planPayment(rng, dayStart);
    const payment = { ...planned, feeMinor: kit.fee(planned.currency, planned.amountMinor) };
    const out = kit.render(rng, payment, dayStart + 86_400);
    // ledgerRecord names the sandbox's first processors only; the row is Adyen's.
    ledger.push({ ...ledgerRecord(ledgerId(rng), out.processorId, payment, payment.amountMinor), processor: "adyen" });
    processorCount += 1;
    if (out.refund) {
      const refund = { ...payment, amountMinor: out.refund.amountMinor, occurredAt: out.refund.occurredAt };
      ledger.push({ ...ledgerRecord(ledgerId(rng), out.refund.processorId, refund, out.refund.amountMinor), processor: "adyen", fee: null });
      processorCount += 1;
    }
  }
  return { raw: kit.raw(), ledger, processorCount };
}
