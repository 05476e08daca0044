import { isDeepStrictEqual } from "node:util";
import type { RejectedRecordInput } from "@recon/domain";

/** One page of transaction_details after duplicate ids were settled. */
export interface SettledPage {
  /** Details to normalise, in their original order. */
  details: unknown[];
  /** Listings whose id came back with different content: quarantined, none of them stored. */
  rejected: RejectedRecordInput[];
}

/** How many differing fields a quarantine reason spells out before it only counts the rest. */
const MAX_NAMED_DIFFERENCES = 5;

const idOf = (raw: unknown): string | null => {
  const id = (raw as { transaction_info?: { transaction_id?: unknown } } | null)?.transaction_info?.transaction_id;
  return typeof id === "string" && id.length > 0 ? id : null;
};

/**
 * PayPal's transaction ids are not unique in its reporting system ("the response can list two
 * transactions with the same ID. One transaction can be balance affecting while the other is
 * non-balance affecting"), and page-numbered paging repeats a record when the data shifts between
 * two requests. The store keeps one row per id, so the same id within one fetch must be settled
 * here, never by the last write winning: identical listings are kept once; listings that differ
 * are all quarantined, with a reason naming the id and what differs.
 */
export function settleDuplicateIds(pages: ReadonlyArray<readonly unknown[]>): SettledPage[] {
  const listings = new Map<string, unknown[]>();
  for (const page of pages) {
    for (const raw of page) {
      const id = idOf(raw);
      if (id === null) continue;
      const copies = listings.get(id);
      if (copies) copies.push(raw);
      else listings.set(id, [raw]);
    }
  }
  const seen = new Set<string>();
  return pages.map((page) => {
    const settled: SettledPage = { details: [], rejected: [] };
    for (const raw of page) {
      const id = idOf(raw);
      const copies = id === null ? [raw] : (listings.get(id) ?? [raw]);
      if (id === null || copies.length === 1) {
        settled.details.push(raw);
      } else if (copies.every((copy) => isDeepStrictEqual(copy, copies[0]))) {
        if (!seen.has(id)) settled.details.push(raw);
        seen.add(id);
      } else {
        settled.rejected.push({ source: "paypal", externalId: id, reason: conflictReason(id, copies), raw });
      }
    }
    return settled;
  });
}

function conflictReason(id: string, copies: readonly unknown[]): string {
  const differences = new Set<string>();
  for (const copy of copies.slice(1)) for (const difference of differencesBetween(copies[0], copy, "")) differences.add(difference);
  const named = [...differences].slice(0, MAX_NAMED_DIFFERENCES);
  const more = differences.size > named.length ? `, and ${differences.size - named.length} more` : "";
  return (
    `transaction_info.transaction_id: ${id} is listed ${copies.length} times in one fetch with different content ` +
    `(${named.join("; ")}${more}); PayPal's reporting ids are not unique, so no copy is stored`
  );
}

/** The leaf paths where a and b differ, as `path: <a> ≠ <b>` (values as JSON; absent when missing). */
function differencesBetween(a: unknown, b: unknown, path: string): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((key) => differencesBetween(a[key], b[key], path ? `${path}.${key}` : key));
  }
  if (isDeepStrictEqual(a, b)) return [];
  const show = (v: unknown): string => (v === undefined ? "absent" : JSON.stringify(v));
  return [`${path || "record"}: ${show(a)} ≠ ${show(b)}`];
}
