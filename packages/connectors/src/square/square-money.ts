import { normalizeCurrency } from "@recon/domain";
import { z } from "zod";
import { isoCurrencyCode } from "../currency-schema";

/**
 * Square's Money as the `square` SDK hands it over, read into `{amount, currency}` (the amount a
 * bigint of minor units, the currency normalised). The API reference names the currency
 * `currency`; Square's own examples for ListPayouts and ListPayoutEntries write it `currency_code`,
 * a key the SDK does not know and passes through under that snake_case name (checked by driving
 * the SDK against the emulator). Either is read; when both are present they must agree, and money
 * with neither, with an amount that is not an integer or missing, is refused (the record goes to
 * quarantine with the field named).
 */
export const squareMoney = z
  .looseObject({
    amount: z.bigint({ error: "expected an integer amount in minor units" }),
    currency: isoCurrencyCode.nullish(),
    currency_code: isoCurrencyCode.nullish(),
  })
  .superRefine((money, ctx) => {
    const { currency, currency_code: code } = money;
    if (currency == null && code == null) {
      ctx.addIssue({ code: "custom", path: ["currency"], message: "missing (neither currency nor currency_code is set)" });
    } else if (currency != null && code != null && normalizeCurrency(currency) !== normalizeCurrency(code)) {
      ctx.addIssue({ code: "custom", path: ["currency_code"], message: `"${code}" disagrees with currency "${currency}"` });
    }
  })
  .transform((money) => ({ amount: money.amount, currency: normalizeCurrency((money.currency ?? money.currency_code)!) }));

export type SquareMoney = z.output<typeof squareMoney>;
