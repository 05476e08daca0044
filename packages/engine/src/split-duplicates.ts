/**
 * Splits records into one canonical record per id and the extra copies. Sorting first makes
 * the kept copy the same whatever order the records arrived in.
 */
export function splitDuplicates<T>(
  records: readonly T[],
  idOf: (record: T) => string,
  compare: (a: T, b: T) => number,
): { unique: T[]; duplicates: T[] } {
  const sorted = [...records].sort(compare);
  const seen = new Set<string>();
  const unique: T[] = [];
  const duplicates: T[] = [];
  for (const record of sorted) {
    const id = idOf(record);
    if (seen.has(id)) duplicates.push(record);
    else {
      seen.add(id);
      unique.push(record);
    }
  }
  return { unique, duplicates };
}
