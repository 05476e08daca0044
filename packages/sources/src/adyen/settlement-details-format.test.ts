import { Readable } from "node:stream";
import { readConventionOptions, readCsvBatches, scanCsv, type CsvBatch } from "@recon/connectors";
import { describe, expect, it } from "vitest";
import { settlementDetailsFormat } from "./settlement-details-format";

const HEADER =
  "Company Account,Merchant Account,Psp Reference,Merchant Reference,Payment Method,Creation Date,TimeZone,Type,Modification Reference,Gross Currency,Gross Debit (GC),Gross Credit (GC),Exchange Rate,Net Currency,Net Debit (NC),Net Credit (NC),Commission (NC),Markup (NC),Scheme Fees (NC),Interchange (NC),Payment Method Variant,Modification Merchant Reference,Batch Number";

async function importText(text: string) {
  const open = () => Readable.from([text]);
  const scan = await scanCsv(open, settlementDetailsFormat, readConventionOptions({}));
  const batches: CsvBatch[] = [];
  for await (const batch of readCsvBatches(open(), settlementDetailsFormat, scan)) batches.push(batch);
  return { records: batches.flatMap((b) => b.processor), rejected: batches.flatMap((b) => b.rejected) };
}

describe("Adyen Settlement details report import", () => {
  it("reads settled payments, refunds, chargebacks, fees and payouts in the account's zone", async () => {
    const text = [
      HEADER,
      "Co,ReconECOM,8515131751004933,ord_1,visa,2024-03-01 10:15:00,CET,Settled,8825131751009999,EUR,,100.00,1,EUR,,98.70,0.12,0.60,0.18,0.40,visacredit,,42",
      "Co,ReconECOM,8515131751004933,ord_1,visa,2024-03-01 11:00:00,CET,Refunded,8825131751001111,EUR,40.00,,1,EUR,40.12,,0.12,,,,visacredit,ord_1-refund,42",
      "Co,ReconECOM,8515131751004934,ord_2,mc,2024-03-01 12:00:00,CET,Chargeback,8825131751002222,EUR,25.00,,1,EUR,25.00,,,,,,mccredit,,42",
      "Co,ReconECOM,,,,2024-03-01 23:00:00,CET,Fee,Transaction Fees March 2024,,,,,EUR,1.50,,,,,,,,42",
      "Co,ReconECOM,,,,2024-03-02 02:00:00,CET,MerchantPayout,TX4RTU5S2Z223T5LXT batch 42,,,,,EUR,31.08,,,,,,,,42",
      "Co,ReconECOM,,ord_3,visa,2024-03-02 02:00:00,CET,Settled,8825131751003333,JPY,,1500,1,JPY,,1485,15,,,,visa,,42",
    ].join("\n");
    const { records, rejected } = await importText(text);
    expect(rejected.map((r) => r.reason)).toEqual([expect.stringMatching(/Psp Reference: empty on a Settled line/)]);
    expect(records.map((r) => [r.externalId, r.relatedIds, r.type, r.grossMinor, r.feeMinor, r.netMinor, r.currency, r.rawStatus, r.occurredAt.toISOString()])).toEqual([
      ["8515131751004933", ["8825131751009999"], "payment", 10_000n, 130n, 9_870n, "EUR", "Settled", "2024-03-01T09:15:00.000Z"],
      ["8825131751001111", ["8515131751004933"], "refund", -4_000n, 12n, -4_012n, "EUR", "Refunded", "2024-03-01T10:00:00.000Z"],
      ["8825131751002222", ["8515131751004934"], "dispute", -2_500n, 0n, -2_500n, "EUR", "Chargeback", "2024-03-01T11:00:00.000Z"],
      ["Transaction Fees March 2024", [], "fee", -150n, 0n, -150n, "EUR", "Fee", "2024-03-01T22:00:00.000Z"],
      ["TX4RTU5S2Z223T5LXT batch 42", [], "payout", -3_108n, 0n, -3_108n, "EUR", "MerchantPayout", "2024-03-02T01:00:00.000Z"],
    ]);
  });

  it("quarantines a line whose gross is not its net plus its costs, or whose journal type is unknown, naming the column", async () => {
    const text = [
      HEADER,
      "Co,ReconECOM,8515131751004933,ord_1,visa,2024-03-01 10:15:00,CET,Settled,8825131751009999,EUR,,100.01,1,EUR,,98.70,0.12,0.60,0.18,0.40,visacredit,,42",
      "Co,ReconECOM,8515131751004935,ord_1,visa,2024-03-01 10:15:00,CET,Teleported,8825131751009998,EUR,,100.00,1,EUR,,98.70,0.12,0.60,0.18,0.40,visacredit,,42",
    ].join("\n");
    const { records, rejected } = await importText(text);
    expect(records).toEqual([]);
    expect(rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/Gross Credit \(GC\): the gross is not the net plus the costs/),
      expect.stringMatching(/Type: unknown journal type "Teleported"/),
    ]);
  });
});
