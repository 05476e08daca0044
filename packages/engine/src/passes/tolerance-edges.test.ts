import { describe, expect, it } from "vitest";
import { ToleranceEdges } from "./tolerance-edges";

function orderOf(edges: ToleranceEdges, processorIds: string[], ledgerIds: string[]): [number, number][] {
  return [...edges.closestFirst(processorIds, ledgerIds)].map((edge) => [edges.processorOf(edge), edges.ledgerOf(edge)]);
}

describe("ToleranceEdges", () => {
  it("orders amount differences exactly beyond 2^32 and 2^53, where a double would round", () => {
    const diffs = [2n ** 53n + 1n, 2n ** 53n, 2n ** 84n, 2n ** 32n, 2n ** 32n - 1n, 0n, 2n ** 53n + 2n];
    const edges = new ToleranceEdges();
    diffs.forEach((diff, i) => edges.push(i, 0, diff, 0));
    const sorted = [...diffs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(orderOf(edges, diffs.map((_, i) => `p${i}`), ["l"]).map(([p]) => diffs[p])).toEqual(sorted);
  });

  it("breaks ties by time, then the processor id, then the ledger id", () => {
    const edges = new ToleranceEdges();
    edges.push(0, 1, 5n, 60_000); // later
    edges.push(1, 1, 5n, 0); // processor id "b"
    edges.push(0, 1, 5n, 0); // processor id "a", ledger id "y"
    edges.push(0, 0, 5n, 0); // processor id "a", ledger id "x"
    expect(orderOf(edges, ["a", "b"], ["x", "y"])).toEqual([
      [0, 0],
      [0, 1],
      [1, 1],
      [0, 1],
    ]);
  });

  it("keeps every pair as it grows past its first capacity", () => {
    const edges = new ToleranceEdges();
    const n = 5_000;
    for (let i = 0; i < n; i++) edges.push(i, n - 1 - i, BigInt(n - i), i);
    const order = orderOf(edges, Array.from({ length: n }, (_, i) => `p${i}`), Array.from({ length: n }, (_, i) => `l${i}`));
    expect(order).toHaveLength(n);
    expect(order[0]).toEqual([n - 1, 0]);
    expect(order[n - 1]).toEqual([0, n - 1]);
  });

  it("refuses an amount difference it could not compare exactly", () => {
    expect(() => new ToleranceEdges().push(0, 0, 2n ** 85n, 0)).toThrow(/outside what the tolerance pass compares exactly/);
  });
});
