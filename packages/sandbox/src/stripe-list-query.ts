import { invalid } from "./stripe-errors";

// The query parameters of GET /v1/balance_transactions, read as Stripe reads them (a value it
// cannot read is a 400 naming the parameter).

/** A `created` filter as a half-open range of Unix seconds. */
export interface CreatedRange {
  /** Inclusive lower bound. */
  from?: number;
  /** Exclusive upper bound. */
  to?: number;
}

export function parseLimit(raw: string | null): number {
  if (raw === null) return 10;
  if (!/^\d+$/.test(raw)) throw invalid(`Invalid integer: ${raw}`, "limit", "parameter_invalid_integer");
  const limit = Number(raw);
  if (limit < 1 || limit > 100) {
    throw invalid("This value must be greater than or equal to 1 and less than or equal to 100.", "limit");
  }
  return limit;
}

export function parseCreated(params: URLSearchParams): CreatedRange {
  const range: CreatedRange = {};
  const read = (key: string): number | undefined => {
    const raw = params.get(key);
    if (raw === null) return undefined;
    if (!/^\d+$/.test(raw)) throw invalid(`Invalid integer: ${raw}`, key, "parameter_invalid_integer");
    return Number(raw);
  };
  const exact = read("created");
  const gte = read("created[gte]");
  const gt = read("created[gt]");
  const lte = read("created[lte]");
  const lt = read("created[lt]");
  const lowers = [exact, gte, gt === undefined ? undefined : gt + 1].filter((v): v is number => v !== undefined);
  const uppers = [exact === undefined ? undefined : exact + 1, lt, lte === undefined ? undefined : lte + 1].filter(
    (v): v is number => v !== undefined,
  );
  if (lowers.length > 0) range.from = Math.max(...lowers);
  if (uppers.length > 0) range.to = Math.min(...uppers);
  return range;
}

/** `expand[]`, `expand[0]` (the SDK's form) or `expand`; URLSearchParams already decoded %5B%5D. */
export function parseExpand(params: URLSearchParams): boolean {
  let source = false;
  for (const [key, value] of params) {
    if (!/^expand(\[\d*\])?$/.test(key)) continue;
    if (value !== "data.source") throw invalid(`This property cannot be expanded (${value}).`, key);
    source = true;
  }
  return source;
}
