import { describe, expect, it } from "vitest";
import { generateScenario } from "./generate-scenario";
import { paypalDateTime } from "./paypal-scenario";

/** The description's date_time pattern (api-descriptions/paypal.json), verbatim. */
const DOCUMENTED_DATE_TIME = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])[T,t]([0-1][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)([.][0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$/;

describe("paypal scenario", () => {
  it("writes date-times in the description's form: seconds, milliseconds only when there are any, +00:00", () => {
    expect(paypalDateTime(Date.UTC(2025, 9, 9, 12, 34, 56))).toBe("2025-10-09T12:34:56+00:00");
    expect(paypalDateTime(Date.UTC(2025, 9, 9, 12, 34, 56, 7))).toBe("2025-10-09T12:34:56.007+00:00");
    for (const { transaction_info: info } of generateScenario({ processor: "paypal", runDate: "2025-10-09", size: 300 }).raw.transactions) {
      expect(info.transaction_initiation_date).toMatch(DOCUMENTED_DATE_TIME);
      expect(info.transaction_updated_date).toMatch(DOCUMENTED_DATE_TIME);
    }
  });

  it("mixes USD, JPY and KWD, and writes each amount at its currency's decimals (JPY none, KWD three)", () => {
    const decimals: Record<string, RegExp> = { USD: /^-?\d+\.\d{2}$/, JPY: /^-?\d+$/, KWD: /^-?\d+\.\d{3}$/ };
    const seen = new Set<string>();
    for (const { transaction_info: info } of generateScenario({ processor: "paypal", runDate: "2025-10-09", size: 300 }).raw.transactions) {
      for (const money of [info.transaction_amount, info.fee_amount]) {
        if (!money) continue;
        seen.add(money.currency_code);
        expect(money.value, `${info.transaction_id} ${money.currency_code}`).toMatch(decimals[money.currency_code]!);
      }
    }
    expect([...seen].sort()).toEqual(["JPY", "KWD", "USD"]);
  });
});
