import { invalidRequest, type PaypalErrorDetail } from "./paypal-error-bodies";

/** A Transaction Search query as the emulator understood it. */
export interface PaypalSearchQuery {
  startMs: number;
  endMs: number;
  pageSize: number;
  page: number;
  /** Sections of transaction_detail to serve (transaction_info, payer_info, …). */
  fields: ReadonlySet<string>;
  transactionId: string | null;
  transactionType: string | null;
  transactionStatus: string | null;
  transactionCurrency: string | null;
}

const MAX_RANGE_MS = 31 * 86_400_000;
/**
 * The description's `date_time` pattern (RFC 3339, seconds required, offset Z or ±hh:mm). Its
 * `[T,t]` also admits a comma, which RFC 3339 does not; the emulator takes T or t only.
 */
const DOCUMENTED_DATE_TIME = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])[Tt]([0-1][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)([.][0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$/;
const SECTIONS = ["transaction_info", "payer_info", "shipping_info", "auction_info", "cart_info", "incentive_info", "store_info"];
/** Filters the description lists that the sandbox's data has nothing to filter on: refused, never ignored. */
const NOT_EMULATED = ["transaction_amount", "payment_instrument_type", "store_id", "terminal_id"];
const KNOWN = new Set([
  "start_date",
  "end_date",
  "page_size",
  "page",
  "fields",
  "balance_affecting_records_only",
  "transaction_id",
  "transaction_type",
  "transaction_status",
  "transaction_currency",
  ...NOT_EMULATED,
]);

const problem = (field: string, value: string | null, issue: string, description: string): PaypalErrorDetail => ({
  field,
  ...(value === null ? {} : { value }),
  location: "query",
  issue,
  description,
});

/**
 * Reads the query of `GET /v1/reporting/transactions` as the API description defines its
 * parameters, and refuses (400 INVALID_REQUEST, one detail per problem) anything else: a date in
 * another form (`+0000` included), a page_size over 500, a range over 31 days, an unknown field.
 */
export function readSearchQuery(params: URLSearchParams): PaypalSearchQuery {
  const details: PaypalErrorDetail[] = [];
  for (const name of new Set(params.keys())) {
    if (!KNOWN.has(name)) details.push(problem(name, params.get(name), "UNKNOWN_PARAMETER", `${name} is not a parameter of this operation.`));
    else if (NOT_EMULATED.includes(name)) details.push(problem(name, params.get(name), "NOT_SUPPORTED", `The sandbox does not emulate the ${name} filter.`));
  }
  const date = (name: string): number => {
    const raw = params.get(name);
    if (raw === null) {
      details.push(problem(name, null, "MISSING_REQUIRED_PARAMETER", `${name} is required.`));
      return Number.NaN;
    }
    const ms = Date.parse(raw.toUpperCase());
    if (!DOCUMENTED_DATE_TIME.test(raw) || Number.isNaN(ms)) {
      details.push(problem(name, raw, "INVALID_PARAMETER_SYNTAX", `${name} must be an Internet date and time (RFC 3339) with seconds and an offset Z or ±hh:mm.`));
    }
    return ms;
  };
  const integer = (name: string, min: number, max: number, fallback: number): number => {
    const raw = params.get(name);
    if (raw === null) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      details.push(problem(name, raw, "INVALID_PARAMETER_VALUE", `${name} must be an integer from ${min} to ${max}.`));
    }
    return Number(raw);
  };
  const startMs = date("start_date");
  const endMs = date("end_date");
  if (endMs < startMs) details.push(problem("end_date", params.get("end_date"), "INVALID_PARAMETER_VALUE", "end_date must be after start_date."));
  if (endMs - startMs > MAX_RANGE_MS) details.push(problem("end_date", params.get("end_date"), "INVALID_PARAMETER_VALUE", "Date range is greater than 31 days"));
  const pageSize = integer("page_size", 1, 500, 100);
  const page = integer("page", 1, 2_147_483_647, 1);
  const fieldsRaw = params.get("fields") ?? "transaction_info";
  const fields = new Set(fieldsRaw === "all" ? SECTIONS : fieldsRaw.split(","));
  for (const field of fields) {
    if (!SECTIONS.includes(field)) details.push(problem("fields", fieldsRaw, "INVALID_PARAMETER_VALUE", `fields takes all or a comma-separated list of ${SECTIONS.join(", ")}.`));
  }
  // Every sandbox record is balance affecting, so Y (the default) and N serve the same records.
  const balance = params.get("balance_affecting_records_only") ?? "Y";
  if (balance !== "Y" && balance !== "N") details.push(problem("balance_affecting_records_only", balance, "INVALID_PARAMETER_VALUE", "balance_affecting_records_only is Y or N."));
  if (details.length > 0) throw invalidRequest(details);
  return {
    startMs,
    endMs,
    pageSize,
    page,
    fields,
    transactionId: params.get("transaction_id"),
    transactionType: params.get("transaction_type"),
    transactionStatus: params.get("transaction_status"),
    transactionCurrency: params.get("transaction_currency"),
  };
}
