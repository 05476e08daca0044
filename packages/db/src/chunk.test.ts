import { describe, expect, it } from "vitest";
import { chunks, lastByKey } from "./chunk";
import { toJson } from "./json";

describe("bulk helpers", () => {
  it("splits rows into chunks of the given size", () => {
    expect([...chunks([1, 2, 3, 4, 5], 2)]).toEqual([[1, 2], [3, 4], [5]]);
    expect([...chunks([], 2)]).toEqual([]);
  });

  it("keeps the last row of each key in first-seen order", () => {
    expect(lastByKey([{ k: "a", v: 1 }, { k: "b", v: 2 }, { k: "a", v: 3 }], (r) => r.k)).toEqual([
      { k: "a", v: 3 },
      { k: "b", v: 2 },
    ]);
  });

  it("writes bigint as decimal strings in JSON", () => {
    expect(toJson({ a: 9_007_199_254_740_993n })).toBe('{"a":"9007199254740993"}');
    expect(toJson(undefined)).toBe("null");
  });
});
