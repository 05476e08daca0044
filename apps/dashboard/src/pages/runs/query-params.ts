// Query-string values as the pages accept them: one value per name, validated, or a QueryError
// that the route answers with a 400 page naming the problem.
import { parseRunDate } from "@recon/domain";

export class QueryError extends Error {}

export type Query = Record<string, unknown>;

/** The trimmed value of `name`, undefined when absent or empty; a repeated name is refused. */
export function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new QueryError(`"${name}" was given more than once`);
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** One of `choices`, or undefined; anything else is refused, naming what is allowed. */
export function oneOf<T extends string>(query: Query, name: string, choices: readonly T[]): T | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) throw new QueryError(`unknown ${name} "${value}": expected one of ${choices.join(", ")}`);
  return value as T;
}

/** A YYYY-MM-DD date, or undefined. */
export function dateParam(query: Query, name: string): string | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  try {
    return parseRunDate(value);
  } catch (error) {
    throw new QueryError(`${name}: ${(error as Error).message}`);
  }
}

/** The page number (default 1): a whole number from 1. */
export function pageParam(query: Query): number {
  const value = single(query, "page");
  if (value === undefined) return 1;
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) throw new QueryError(`page "${value}" is not a page number: expected 1, 2, 3...`);
  return Number(value);
}

/** A query string of the non-empty values, e.g. to keep filters in pager and export links. */
export function queryString(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== undefined && value !== "") params.set(name, String(value));
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}
