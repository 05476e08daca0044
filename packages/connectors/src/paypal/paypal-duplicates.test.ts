import { describe, expect, it } from "vitest";
import { settleDuplicateIds } from "./paypal-duplicates";

const detail = (id: string, value = "10.00", extra: Record<string, unknown> = {}) => ({
  transaction_info: { transaction_id: id, transaction_amount: { currency_code: "USD", value }, transaction_status: "S", ...extra },
});

describe("settleDuplicateIds", () => {
  it("passes unique ids through in order", () => {
    const pages = [[detail("A"), detail("B")], [detail("C")]];
    expect(settleDuplicateIds(pages)).toEqual([
      { details: [detail("A"), detail("B")], rejected: [] },
      { details: [detail("C")], rejected: [] },
    ]);
  });

  it("keeps identical listings of one id once, even across pages and with keys in another order", () => {
    const reordered = { transaction_info: { transaction_status: "S", transaction_amount: { value: "10.00", currency_code: "USD" }, transaction_id: "A" } };
    const settled = settleDuplicateIds([[detail("A"), detail("B")], [reordered, detail("C")]]);
    expect(settled.map((p) => p.details)).toEqual([[detail("A"), detail("B")], [detail("C")]]);
    expect(settled.flatMap((p) => p.rejected)).toEqual([]);
  });

  it("quarantines every listing of an id whose content differs, naming the id and each difference", () => {
    const first = detail("A", "10.00");
    const second = detail("A", "-10.00", { transaction_event_code: "T1107" });
    const settled = settleDuplicateIds([[first, detail("B")], [detail("C"), second]]);
    expect(settled.map((p) => p.details)).toEqual([[detail("B")], [detail("C")]]);
    const reason =
      'transaction_info.transaction_id: A is listed 2 times in one fetch with different content (transaction_info.transaction_amount.value: "10.00" ≠ "-10.00"; ' +
      "transaction_info.transaction_event_code: absent ≠ \"T1107\"); PayPal's reporting ids are not unique, so no copy is stored";
    expect(settled[0]!.rejected).toEqual([{ source: "paypal", externalId: "A", reason, raw: first }]);
    expect(settled[1]!.rejected).toEqual([{ source: "paypal", externalId: "A", reason, raw: second }]);
  });

  it("names at most five differences and counts the rest", () => {
    const a = { transaction_info: { transaction_id: "A", f1: 1, f2: 2, f3: 3, f4: 4, f5: 5, f6: 6, f7: 7 } };
    const b = { transaction_info: { transaction_id: "A", f1: 0, f2: 0, f3: 0, f4: 0, f5: 0, f6: 0, f7: 0 } };
    const [page] = settleDuplicateIds([[a, b]]);
    expect(page!.rejected).toHaveLength(2);
    expect(page!.rejected[0]!.reason).toContain("transaction_info.f5: 5 ≠ 0, and 2 more)");
    expect(page!.rejected[0]!.reason).not.toContain("f6");
  });

  it("leaves records without a readable id to validation", () => {
    const broken = { transaction_info: { transaction_amount: { currency_code: "USD", value: "1.00" } } };
    expect(settleDuplicateIds([[broken, broken]])).toEqual([{ details: [broken, broken], rejected: [] }]);
  });
});
