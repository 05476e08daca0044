import type { ProcessorTransaction } from "@recon/domain";
import { describe, expect, it } from "vitest";
import { missingRowFromTransaction } from "./missing-row";

describe("missingRowFromTransaction", () => {
  it("maps a processor transaction onto the legacy row", () => {
    const tx: ProcessorTransaction = {
      processor: "square",
      externalId: "sq_1",
      relatedIds: ["order_1"],
      reference: "ref-9",
      merchantId: null,
      grossMinor: -250n,
      feeMinor: 0n,
      netMinor: -250n,
      currency: "USD",
      status: "refunded",
      rawStatus: "COMPLETED",
      type: "refund",
      occurredAt: new Date("2026-11-24T01:02:03.000Z"),
      raw: {},
    };
    expect(missingRowFromTransaction(tx)).toEqual({
      transactionId: "sq_1",
      processorName: "square",
      amountMinor: -250n,
      currency: "USD",
      status: "refunded",
      merchantId: null,
      transactionDate: new Date("2026-11-24T01:02:03.000Z"),
      referenceNumber: "ref-9",
      feeMinor: 0n,
    });
  });
});
