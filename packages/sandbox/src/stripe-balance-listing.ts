import { applyCorruption, type RecordCorruptions } from "./faults";
import { daysCovering, type ScenarioStore } from "./scenario-store";
import { invalid } from "./stripe-errors";
import { parseCreated, parseExpand, parseLimit, type CreatedRange } from "./stripe-list-query";
import { PAYOUT_DELAY_DAYS, shiftDay } from "./stripe-payouts";
import type { StripeBalanceTransaction, StripeSourceObject } from "./stripe-types";

export const BALANCE_TRANSACTIONS_URL = "/v1/balance_transactions";

export interface BalanceListingOptions {
  store: ScenarioStore;
  /** Days served when a request leaves `created` open on either side. */
  defaultDates: string[];
  corrupt?: RecordCorruptions;
}

/**
 * GET /v1/balance_transactions: newest first (created desc, then id desc), Stripe's cursor paging,
 * the `created`, `type`, `currency`, `source` and `payout` filters, and `expand[]=data.source`.
 */
export function listBalanceTransactions(params: URLSearchParams, options: BalanceListingOptions): unknown {
  const limit = parseLimit(params.get("limit"));
  const created = parseCreated(params);
  const expandSource = parseExpand(params);
  const startingAfter = params.get("starting_after");
  const endingBefore = params.get("ending_before");
  if (startingAfter && endingBefore) {
    throw invalid("You may only specify one of these parameters: starting_after, ending_before.", "starting_after");
  }

  const days = servedDays(created, options);
  const payout = params.get("payout");
  const { records, sources } = payout ? paidOutBy(payout, days, options.store) : onDays(days, options.store);
  const filtered = records.filter((txn) => matches(txn, created, params));
  let page: StripeBalanceTransaction[];
  let hasMore: boolean;
  if (startingAfter) {
    const cursor = findCursor(records, startingAfter, "starting_after");
    const after = filtered.filter((txn) => compareDesc(txn, cursor) > 0);
    page = after.slice(0, limit);
    hasMore = after.length > limit;
  } else if (endingBefore) {
    const cursor = findCursor(records, endingBefore, "ending_before");
    const before = filtered.filter((txn) => compareDesc(txn, cursor) < 0);
    // The page that immediately precedes the cursor, still newest first.
    page = before.slice(Math.max(before.length - limit, 0));
    hasMore = before.length > limit;
  } else {
    page = filtered.slice(0, limit);
    hasMore = filtered.length > limit;
  }
  const data = page.map((txn) => {
    const source = expandSource && typeof txn.source === "string" ? (sources.get(txn.source) ?? txn.source) : txn.source;
    return applyCorruption({ ...txn, source }, options.corrupt);
  });
  return { object: "list", data, has_more: hasMore, url: BALANCE_TRANSACTIONS_URL };
}

interface Listing {
  /** Newest first. */
  records: StripeBalanceTransaction[];
  /** Every object those records may expand their source to, by id. */
  sources: Map<string, StripeSourceObject>;
}

/** The days a request reads: the whole `created` range, or the default days when it is open. */
function servedDays(created: CreatedRange, options: BalanceListingOptions): string[] {
  try {
    return created.from !== undefined && created.to !== undefined
      ? daysCovering(created.from * 1000, created.to * 1000)
      : unboundedDays(created, options.defaultDates);
  } catch (error) {
    throw invalid(`The sandbox cannot list this range: ${(error as Error).message}.`, "created");
  }
}

// A store's days never change once generated, so their sorted listing is built once per set of
// days: sorting a large day and indexing its sources on every page made each page cost as much as
// the whole day (the fetch benchmark pages through days of 30,000 records).
const listingsByStore = new WeakMap<ScenarioStore, Map<string, Listing>>();

function onDays(days: string[], store: ScenarioStore): Listing {
  let listings = listingsByStore.get(store);
  if (!listings) listingsByStore.set(store, (listings = new Map<string, Listing>()));
  const key = days.join(",");
  let listing = listings.get(key);
  if (!listing) {
    const records = days.flatMap((day) => store.get("stripe", day).raw.balanceTransactions);
    records.sort(compareDesc);
    listing = { records, sources: sourcesOf(days, store) };
    listings.set(key, listing);
  }
  return listing;
}

function sourcesOf(days: string[], store: ScenarioStore): Map<string, StripeSourceObject> {
  return new Map(days.flatMap((day) => store.get("stripe", day).raw.sources.map((source) => [source.id, source] as const)));
}

/**
 * `payout=po_...`: what an automatic payout paid out (the balance transactions of two days
 * before it), plus the payout's own balance transaction, so that their nets add up to zero. The
 * payout is looked for among the days the request reads (its `created` range, or the default
 * days) and the two days after each, where the payout of their funds lies; Stripe answers an
 * unknown payout with a 400 naming the parameter. The other filters, `created` included, then
 * apply to that list as to any other.
 */
function paidOutBy(payoutId: string, days: string[], store: ScenarioStore): Listing {
  const searched = new Set(days.flatMap((day) => [day, shiftDay(day, PAYOUT_DELAY_DAYS)]));
  for (const day of [...searched].sort()) {
    const { raw } = store.get("stripe", day);
    const contents = raw.payoutContents[payoutId];
    if (!contents) continue;
    const own = raw.balanceTransactions.find((txn) => txn.source === payoutId);
    const wanted = new Set(contents.balanceTransactionIds);
    const records = store.get("stripe", contents.day).raw.balanceTransactions.filter((txn) => wanted.has(txn.id));
    if (own) records.push(own);
    records.sort(compareDesc);
    return { records, sources: sourcesOf([contents.day, day], store) };
  }
  throw invalid(`No such payout: '${payoutId}'`, "payout", "resource_missing");
}

/** An open range has no natural end in the emulator: serve the default days plus the bound's own day. */
function unboundedDays(created: CreatedRange, defaults: string[]): string[] {
  const days = new Set(defaults);
  if (created.from !== undefined) days.add(new Date(created.from * 1000).toISOString().slice(0, 10));
  if (created.to !== undefined) days.add(new Date((created.to - 1) * 1000).toISOString().slice(0, 10));
  return [...days].sort();
}

/** Newest first; id breaks ties so that paging never skips or repeats a record. */
function compareDesc(a: StripeBalanceTransaction, b: StripeBalanceTransaction): number {
  if (a.created !== b.created) return b.created - a.created;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function findCursor(records: StripeBalanceTransaction[], id: string, param: string): StripeBalanceTransaction {
  const cursor = records.find((txn) => txn.id === id);
  if (!cursor) throw invalid(`No such balance_transaction: '${id}'`, param, "resource_missing");
  return cursor;
}

function matches(txn: StripeBalanceTransaction, created: CreatedRange, params: URLSearchParams): boolean {
  if (created.from !== undefined && txn.created < created.from) return false;
  if (created.to !== undefined && txn.created >= created.to) return false;
  const type = params.get("type");
  if (type && txn.type !== type) return false;
  const currency = params.get("currency");
  if (currency && txn.currency !== currency.toLowerCase()) return false;
  const source = params.get("source");
  if (source && txn.source !== source) return false;
  return true;
}

