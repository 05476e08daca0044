import { html, type SafeHtml } from "../../web/html";
import { queryString } from "./query-params";

const NUMBER = new Intl.NumberFormat("en-US");

/** "Showing 51–100 of 100,000" with Previous/Next links that keep the filters. */
export function renderPager(
  base: string,
  filters: Record<string, string | undefined>,
  page: number,
  pageSize: number,
  total: number,
  label = "Pages",
): SafeHtml {
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(page * pageSize, total);
  const link = (to: number, label: string, rel: string) => html`<a href="${base}${queryString({ ...filters, page: to === 1 ? undefined : to })}" rel="${rel}">${label}</a>`;
  return html`<nav class="pager" aria-label="${label}"><span>${
    total === 0 ? "No matches" : `Showing ${NUMBER.format(first)}–${NUMBER.format(last)} of ${NUMBER.format(total)}`
  }</span>${page > 1 ? link(page - 1, "Previous", "prev") : ""}${last < total ? link(page + 1, "Next", "next") : ""}</nav>`;
}

export function formatCount(n: number): string {
  return NUMBER.format(n);
}
