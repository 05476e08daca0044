import { describe, expect, it } from "vitest";
import { renderLegacyCsv } from "./render-legacy-csv";
import { missingRow, reportInput } from "./test-fixtures";

const HEADER = "transaction_id,processor_name,amount,currency,status,merchant_id,transaction_date,reference_number,fee";

function lines(csv: string): string[] {
  expect(csv.endsWith("\r\n")).toBe(true);
  return csv.slice(0, -2).split("\r\n");
}

describe("renderLegacyCsv", () => {
  it("writes the header even when nothing is missing", () => {
    expect(renderLegacyCsv(reportInput())).toBe(`${HEADER}\r\n`);
  });

  it("writes one row per missing transaction with the legacy columns", () => {
    const csv = renderLegacyCsv(
      reportInput({ missing: [missingRow(), missingRow({ transactionId: "txn_2", merchantId: null, referenceNumber: null, amountMinor: -500n, feeMinor: 0n })] }),
    );
    expect(lines(csv)).toEqual([
      HEADER,
      "txn_1,stripe,12.34,USD,succeeded,m_1,2026-11-24T10:15:00.000Z,order-1,0.66",
      "txn_2,stripe,-5.00,USD,succeeded,,2026-11-24T10:15:00.000Z,,0.00",
    ]);
  });

  it("formats amounts with at least two decimals and the currency's own exponent", () => {
    const csv = renderLegacyCsv(
      reportInput({
        missing: [
          missingRow({ transactionId: "j", currency: "JPY", amountMinor: 1_500n, feeMinor: 54n }),
          missingRow({ transactionId: "k", currency: "KWD", amountMinor: 1_234n, feeMinor: 5n }),
        ],
      }),
    );
    expect(lines(csv).slice(1)).toEqual([
      "j,stripe,1500.00,JPY,succeeded,m_1,2026-11-24T10:15:00.000Z,order-1,54.00",
      "k,stripe,1.234,KWD,succeeded,m_1,2026-11-24T10:15:00.000Z,order-1,0.005",
    ]);
  });

  it("quotes fields with commas, quotes and line breaks (RFC 4180)", () => {
    const csv = renderLegacyCsv(reportInput({ missing: [missingRow({ referenceNumber: 'order "7", gift\nwrap', merchantId: "a,b" })] }));
    expect(csv).toBe(`${HEADER}\r\ntxn_1,stripe,12.34,USD,succeeded,"a,b",2026-11-24T10:15:00.000Z,"order ""7"", gift\nwrap",0.66\r\n`);
  });

  it("neutralises formula injection in text cells but never touches amounts", () => {
    const csv = renderLegacyCsv(
      reportInput({
        missing: [missingRow({ transactionId: "=HYPERLINK(\"x\")", merchantId: "+1", referenceNumber: "@sum", status: "-x", amountMinor: -1n })],
      }),
    );
    expect(lines(csv)[1]).toBe(`"'=HYPERLINK(""x"")",stripe,-0.01,USD,"'-x","'+1",2026-11-24T10:15:00.000Z,"'@sum",0.66`);
  });
});
