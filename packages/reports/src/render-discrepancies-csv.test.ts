import { describe, expect, it } from "vitest";
import { renderDiscrepanciesCsv } from "./render-discrepancies-csv";
import { bundleInput } from "./test-fixtures";

describe("renderDiscrepanciesCsv", () => {
  it("lists every discrepancy of every kind with both sides, amounts in the currency's decimals", () => {
    const lines = renderDiscrepanciesCsv(bundleInput()).split("\r\n");
    expect(lines[0]).toBe(
      "kind,processor_external_id,internal_external_id,currency,processor_amount,internal_amount,amount_at_risk,reason",
    );
    expect(lines[1]).toBe("missing_in_internal,txn_1,,USD,12.34,,12.34,not in ledger");
    expect(lines[3]).toBe("amount_mismatch,ch_1,led_1,USD,100.00,90.00,10.00,amounts differ");
    // JPY has no minor unit: 1500 yen prints as 1500 (its exponent), formula-looking ids are neutralised.
    expect(lines[4]).toBe(`duplicate,"'=HYPERLINK(""x"")",,JPY,1500,,1500,<script>alert(1)</script>`);
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe("");
  });

  it("writes the header even when there is nothing to list", () => {
    expect(renderDiscrepanciesCsv({ discrepancies: [] })).toBe(
      "kind,processor_external_id,internal_external_id,currency,processor_amount,internal_amount,amount_at_risk,reason\r\n",
    );
  });
});
