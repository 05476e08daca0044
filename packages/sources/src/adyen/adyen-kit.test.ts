import { mulberry32 } from "@recon/sandbox";
import { describe, expect, it } from "vitest";
import { createAdyenKit } from "./adyen-kit";
import { adyenCosts, adyenFee } from "./adyen-pricing";
import { PAR } from "./payment-accounting-columns";

describe("Adyen sandbox kit", () => {
  it("prices a payment as interchange++ parts that add up to the fee, none negative", () => {
    expect(adyenCosts("USD", 10_000n)).toEqual({ commission: 12n, interchange: 30n, schemeFees: 10n, markup: 60n });
    expect(adyenFee("USD", 10_000n)).toBe(112n);
    for (const [currency, amount] of [["USD", 1n], ["USD", 499n], ["JPY", 301n], ["KWD", 1_230n], ["USD", 49_999n]] as const) {
      const parts = adyenCosts(currency, amount);
      expect(Object.values(parts).every((p) => p >= 0n)).toBe(true);
      expect(parts.commission + parts.markup + parts.schemeFees + parts.interchange).toBe(adyenFee(currency, amount));
    }
  });

  it("issues 16-character upper-case PSP references", () => {
    const kit = createAdyenKit();
    expect(kit.fakeRef(mulberry32(1))).toMatch(/^[A-Z0-9]{16}$/);
  });

  it("renders a payment as Received, Authorised, SentForSettle and Settled inside its day, Settled paying the amount less the fee", () => {
    const kit = createAdyenKit();
    const dayEnd = Date.parse("2024-03-02T00:00:00Z") / 1000;
    const payment = { orderId: "ord_X", currency: "USD", amountMinor: 10_000n, feeMinor: adyenFee("USD", 10_000n), occurredAt: dayEnd - 30 };
    const out = kit.render(mulberry32(3), payment, dayEnd);
    const lines = kit.raw().lines.filter((l) => l[PAR.pspReference] === out.processorId && !l[PAR.modificationPspReference]);
    expect(lines.map((l) => l[PAR.recordType])).toEqual(["Received", "Authorised", "SentForSettle", "Settled"]);
    expect(lines.every((l) => l[PAR.bookingDate]!.startsWith("2024-03-01 23:59:"))).toBe(true);
    expect(lines[3]).toMatchObject({ [PAR.mainAmount]: "100.00", [PAR.payableSc]: "98.88", [PAR.settlementCurrency]: "USD" });
    expect(() => kit.render(mulberry32(3), { ...payment, feeMinor: 1n }, dayEnd)).toThrow(/is not Adyen's price/);
  });
});
