import { describe, expect, it } from "vitest";
import { JournalFold } from "./fold-journals";
import { PAR } from "./payment-accounting-columns";

/** A Payment accounting line: a booked (settled) one when payable is given. */
function line(journal: string, at: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    [PAR.merchantAccount]: "ReconECOM",
    [PAR.pspReference]: "PSP0000000000001",
    [PAR.merchantReference]: "ord_1",
    [PAR.bookingDate]: at,
    [PAR.timeZone]: "UTC",
    [PAR.mainCurrency]: "USD",
    [PAR.mainAmount]: "100.00",
    [PAR.recordType]: journal,
    [PAR.settlementCurrency]: "",
    [PAR.payableSc]: "",
    ...overrides,
  };
}

const settled = (at: string, overrides: Record<string, string> = {}) =>
  line("Settled", at, {
    [PAR.settlementCurrency]: "USD",
    [PAR.payableSc]: "98.70",
    [PAR.commissionSc]: "0.12",
    [PAR.markupSc]: "0.60",
    [PAR.schemeFeesSc]: "0.18",
    [PAR.interchangeSc]: "0.40",
    ...overrides,
  });

function fold(...lines: Record<string, string>[]) {
  const folder = new JournalFold();
  for (const l of lines) folder.add(l);
  const { records, quarantined, openedEarlier } = folder.result();
  return { records, rejected: quarantined.flatMap((q) => q.lines), openedAt: quarantined.map((q) => q.openedAt), openedEarlier };
}

describe("folding Payment accounting journals", () => {
  it("makes one settled payment of Received, Authorised, SentForSettle and Settled, with the costs as its fee", () => {
    const { records, rejected } = fold(
      line("Received", "2024-03-01 10:00:00"),
      line("Authorised", "2024-03-01 10:00:00"),
      line("SentForSettle", "2024-03-01 10:05:00"),
      settled("2024-03-01 12:00:00"),
    );
    expect(rejected).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      processor: "adyen",
      externalId: "PSP0000000000001",
      relatedIds: [],
      reference: "ord_1",
      merchantId: "ReconECOM",
      grossMinor: 10_000n,
      feeMinor: 130n,
      netMinor: 9_870n,
      currency: "USD",
      status: "succeeded",
      rawStatus: "Settled",
      type: "payment",
      occurredAt: new Date("2024-03-01T10:00:00.000Z"),
    });
  });

  it("keeps a payment pending until it is settled, and fails it when refused, cancelled or expired", () => {
    expect(fold(line("Received", "2024-03-01 10:00:00"), line("Authorised", "2024-03-01 10:00:00")).records[0]).toMatchObject({ status: "pending", rawStatus: "Authorised", feeMinor: 0n, netMinor: 10_000n });
    expect(fold(line("Received", "2024-03-01 10:00:00"), line("SentForSettle", "2024-03-01 10:01:00")).records[0]?.status).toBe("pending");
    for (const journal of ["Refused", "Cancelled", "Expired", "Error", "CaptureFailed"]) {
      expect(fold(line("Received", "2024-03-01 10:00:00"), line(journal, "2024-03-01 10:00:05")).records[0]).toMatchObject({ status: "failed", rawStatus: journal });
    }
  });

  it("orders journals booked in the same second by the lifecycle, not by their order in the file", () => {
    const { records } = fold(line("Authorised", "2024-03-01 10:00:00"), line("Received", "2024-03-01 10:00:00"));
    expect(records[0]?.rawStatus).toBe("Authorised");
  });

  it("makes a refund its own record under its modification reference, linked to the payment", () => {
    const refund = { [PAR.modificationPspReference]: "REF0000000000001", [PAR.mainAmount]: "40.00" };
    const { records, rejected } = fold(
      line("SentForRefund", "2024-03-01 13:00:00", refund),
      line("Refunded", "2024-03-01 14:00:00", { ...refund, [PAR.settlementCurrency]: "USD", [PAR.payableSc]: "-40.12", [PAR.commissionSc]: "0.12" }),
    );
    expect(rejected).toEqual([]);
    expect(records[0]).toMatchObject({ externalId: "REF0000000000001", relatedIds: ["PSP0000000000001"], type: "refund", grossMinor: -4_000n, feeMinor: 12n, netMinor: -4_012n, status: "succeeded", occurredAt: new Date("2024-03-01T13:00:00Z") });
    const external = fold(line("SentForRefund", "2024-03-01 13:00:00", refund), line("RefundedExternally", "2024-03-01 13:30:00", refund)).records[0];
    expect(external).toMatchObject({ status: "succeeded", rawStatus: "RefundedExternally" });
    const failed = fold(line("SentForRefund", "2024-03-01 13:00:00", refund), line("RefundFailed", "2024-03-01 13:30:00", refund)).records[0];
    expect(failed?.status).toBe("failed");
  });

  it("makes chargebacks disputes: charged back, reversed (money back), charged back a second time", () => {
    const cb = { [PAR.modificationPspReference]: "CBK0000000000001" };
    expect(fold(line("Chargeback", "2024-03-02 09:00:00", cb)).records[0]).toMatchObject({ type: "dispute", grossMinor: -10_000n, status: "succeeded", relatedIds: ["PSP0000000000001"] });
    expect(fold(line("Chargeback", "2024-03-02 09:00:00", cb), line("ChargebackReversed", "2024-03-03 09:00:00", cb)).records[0]).toMatchObject({ status: "refunded", rawStatus: "ChargebackReversed" });
    expect(fold(line("Chargeback", "2024-03-02 09:00:00", cb), line("ChargebackReversed", "2024-03-03 09:00:00", cb), line("SecondChargeback", "2024-03-04 09:00:00", cb)).records[0]).toMatchObject({ status: "succeeded", rawStatus: "SecondChargeback" });
  });

  it("reads amounts at the currency's exponent: JPY without decimals, KWD with three", () => {
    const jpy = fold(line("Received", "2024-03-01 10:00:00", { [PAR.mainCurrency]: "JPY", [PAR.mainAmount]: "1500" })).records[0];
    expect(jpy).toMatchObject({ currency: "JPY", grossMinor: 1_500n });
    const kwd = fold(line("Received", "2024-03-01 10:00:00", { [PAR.mainCurrency]: "KWD", [PAR.mainAmount]: "12.345" })).records[0];
    expect(kwd).toMatchObject({ currency: "KWD", grossMinor: 12_345n });
  });

  it("quarantines the whole payment when a line has an amount the currency cannot carry, naming the column", () => {
    const { records, rejected } = fold(line("Received", "2024-03-01 10:00:00"), line("Authorised", "2024-03-01 10:00:00", { [PAR.mainAmount]: "100.005" }));
    expect(records).toEqual([]);
    expect(rejected).toHaveLength(2);
    expect(rejected[1]).toMatchObject({ source: "adyen", externalId: "PSP0000000000001", reason: expect.stringMatching(/^Main Amount: amount "100.005" has more decimals than USD allows/) });
    expect(rejected[0]?.reason).toMatch(/^another line of payment PSP0000000000001 could not be read \(Main Amount:/);
  });

  it("quarantines a settled line whose Payable is not its amount less its costs", () => {
    const { records, rejected } = fold(line("Received", "2024-03-01 10:00:00"), settled("2024-03-01 12:00:00", { [PAR.payableSc]: "98.71" }));
    expect(records).toEqual([]);
    expect(rejected[1]?.reason).toBe("Payable (SC): 98.71 is not Main Amount credited less the costs (expected 98.70 USD)");
  });

  it("quarantines a line in an unknown currency, an unknown journal, an unreadable booking time or a missing reference", () => {
    expect(fold(line("Received", "2024-03-01 10:00:00", { [PAR.mainCurrency]: "ZZZ" })).rejected[0]?.reason).toBe('Main Currency: unknown currency code "ZZZ": not an ISO 4217 currency');
    expect(fold(line("Teleported", "2024-03-01 10:00:00")).rejected[0]?.reason).toMatch(/^Record Type: unknown journal type "Teleported"/);
    expect(fold(line("Received", "2024-03-01")).rejected[0]?.reason).toMatch(/^Booking Date: /);
    expect(fold(line("Received", "2024-03-01 10:00:00", { [PAR.timeZone]: "Mars" })).rejected[0]?.reason).toMatch(/^TimeZone: /);
    expect(fold(line("Refunded", "2024-03-01 10:00:00")).rejected[0]?.reason).toMatch(/^Modification Psp Reference: empty/);
    expect(fold(line("Received", "2024-03-01 10:00:00", { [PAR.pspReference]: "" })).rejected[0]).toMatchObject({ externalId: null, reason: "Psp Reference: empty" });
  });

  it("counts an identical repeated line once, and quarantines both when two lines of one journal disagree", () => {
    const again = fold(line("Received", "2024-03-01 10:00:00"), line("Received", "2024-03-01 10:00:00"));
    expect(again.records).toHaveLength(1);
    expect(again.rejected).toEqual([]);
    const conflicting = fold(line("Received", "2024-03-01 10:00:00"), settled("2024-03-01 12:00:00"), settled("2024-03-01 12:00:00", { [PAR.mainAmount]: "90.00", [PAR.payableSc]: "88.70" }));
    expect(conflicting.records).toEqual([]);
    expect(conflicting.rejected.map((r) => r.reason)).toEqual(Array(3).fill("Record Type: two different Settled lines for payment PSP0000000000001"));
  });

  it("reads booking times in the report's zone, and leaves a record opened in an earlier report to that report", () => {
    expect(fold(line("Received", "2024-03-01 10:00:00", { [PAR.timeZone]: "CET" })).records[0]?.occurredAt).toEqual(new Date("2024-03-01T09:00:00Z"));
    const continued = fold(settled("2024-03-02 12:00:00"));
    expect(continued).toMatchObject({ records: [], rejected: [], openedEarlier: 1 });
    const bad = fold(line("Received", "2024-03-01 10:00:00"), line("Authorised", "2024-03-01 10:00:00", { [PAR.mainCurrency]: "ZZZ" }));
    expect(bad.openedAt).toEqual([new Date("2024-03-01T10:00:00Z")]);
  });

  it("refuses a line settled in another currency than the payment's", () => {
    const { rejected } = fold(line("Received", "2024-03-01 10:00:00"), settled("2024-03-01 12:00:00", { [PAR.settlementCurrency]: "EUR" }));
    expect(rejected[1]?.reason).toMatch(/^Settlement Currency: "EUR" differs from the USD of the payment/);
  });
});
