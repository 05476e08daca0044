import { describe, expect, it } from "vitest";
import { BadQueryError, breaksQueryString, DEFAULT_QUERY, parseBreaksQuery, toSearchFilter } from "./breaks-query";

describe("the breaks list's query string", () => {
  it("defaults to open breaks, oldest first, page 1", () => {
    expect(parseBreaksQuery({})).toEqual(DEFAULT_QUERY);
    expect(breaksQueryString(DEFAULT_QUERY)).toBe("");
  });

  it("reads every filter and writes it back, defaults left out", () => {
    const query = parseBreaksQuery({ status: "all", processor: "paypal", kind: "fee_mismatch", currency: " kwd ", bucket: "8-30", min: "1.5", max: "2", q: "a&b", sort: "amount", dir: "asc", page: "3" });
    expect(query).toEqual({ status: "all", processor: "paypal", kind: "fee_mismatch", currency: "KWD", bucket: "8-30", min: "1.5", max: "2", q: "a&b", sort: "amount", dir: "asc", page: 3 });
    expect(breaksQueryString(query, { page: 1 })).toBe("?status=all&processor=paypal&kind=fee_mismatch&currency=KWD&bucket=8-30&min=1.5&max=2&q=a%26b&sort=amount&dir=asc");
    expect(parseBreaksQuery(Object.fromEntries(new URLSearchParams(breaksQueryString(query))))).toEqual(query);
    expect(toSearchFilter(query)).toEqual({ status: "all", processor: "paypal", kind: "fee_mismatch", currency: "KWD", ageBucket: "8-30", minAmount: "1.5", maxAmount: "2", text: "a&b", sort: "amount", direction: "asc", page: 3 });
  });

  it("accepts an amount without a currency when it is a decimal number, in any exponent", () => {
    expect(parseBreaksQuery({ min: "0.0001" }).min).toBe("0.0001");
  });

  it("refuses bad values, naming them", () => {
    const refused: [Record<string, unknown>, string][] = [
      [{ status: "closed" }, 'status "closed" is not one of open, resolved, all'],
      [{ kind: "typo" }, 'kind "typo" is not one of'],
      [{ currency: "US" }, "currency: invalid currency code"],
      [{ currency: "USD", min: "0.001" }, 'min amount: amount "0.001" has more decimals than USD allows (2)'],
      [{ max: "1e5" }, 'max amount: invalid amount "1e5"'],
      [{ sort: "reason" }, 'sort "reason" is not one of age, amount, last-seen, processor'],
      [{ dir: "up" }, 'dir "up" is not one of asc, desc'],
      [{ page: "-1" }, 'page "-1" is not a page number'],
      [{ page: "99999999" }, 'page "99999999" is not a page number'],
      [{ q: ["a", "b"] }, "q must be given once"],
    ];
    for (const [query, message] of refused) {
      expect(() => parseBreaksQuery(query)).toThrow(BadQueryError);
      expect(() => parseBreaksQuery(query)).toThrow(message);
    }
  });
});
