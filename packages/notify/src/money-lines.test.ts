import { describe, expect, it } from "vitest";
import { moneyLines } from "./money-lines";

describe("moneyLines", () => {
  it("shows each currency at its own exponent, amount before code, as every other output does", () => {
    expect(
      moneyLines({
        USD: { atRiskMinor: 66110n, missingMinor: 0n, volumeMinor: 1n },
        JPY: { atRiskMinor: 0n, missingMinor: 180025n, volumeMinor: 1n },
        KWD: { atRiskMinor: 23870n, missingMinor: 1n, volumeMinor: 1n },
      }),
    ).toEqual([
      "0 JPY at stake (180025 JPY missing from the ledger)",
      "23.870 KWD at stake (0.001 KWD missing from the ledger)",
      "661.10 USD at stake (0.00 USD missing from the ledger)",
    ]);
  });
});
