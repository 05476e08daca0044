/** The ids given, without empties or repeats, in order. */
export function uniqueIds(...ids: Array<string | null>): string[] {
  return [...new Set(ids.filter((id): id is string => id !== null))];
}
