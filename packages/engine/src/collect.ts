import type { RecordSource } from "./types";

/**
 * Drains a sync or async source into an array. The engine needs both sides whole: a record's
 * own id must win over another record's related id, and results must not depend on arrival
 * order. Memory is bounded by partitioning the run upstream, not by streaming here.
 */
export async function collect<T>(source: RecordSource<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}
