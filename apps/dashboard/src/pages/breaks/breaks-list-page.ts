// /breaks: open breaks across days, counted per age bucket, filtered, sorted and paged, with the
// CSV export of the same list and, for operators, resolving many at once with one note.
import { AGE_BUCKET_LABELS, AGE_BUCKETS, BREAK_SORTS, type BreakRow, type BreaksSearchResult } from "@recon/db";
import { DISCREPANCY_KINDS, PROCESSORS } from "@recon/domain";
import { hasRole, type Viewer } from "../../auth/roles";
import { html, type SafeHtml } from "../../web/html";
import { renderPage } from "../../web/page-shell";
import { breakAmount, statusBadge } from "./break-cells";
import { breaksQueryString, type BreaksQuery } from "./breaks-query";

const SORT_LABELS: Record<(typeof BREAK_SORTS)[number], string> = {
  age: "Age",
  amount: "Amount (within currency)",
  "last-seen": "Last seen",
  processor: "Processor",
};

function options(values: readonly string[], selected: string, labels: Record<string, string> = {}, any?: string): SafeHtml[] {
  const list = values.map((value) => html`<option value="${value}"${value === selected ? html` selected` : ""}>${labels[value] ?? value}</option>`);
  return any === undefined ? list : [html`<option value=""${selected === "" ? html` selected` : ""}>${any}</option>`, ...list];
}

function bucketSummary(query: BreaksQuery, result: BreaksSearchResult): SafeHtml {
  const items = AGE_BUCKETS.map((bucket) => {
    const current = query.bucket === bucket;
    return html`<a class="card" href="/breaks${breaksQueryString(query, { bucket, page: 1 })}"${current ? html` aria-current="true"` : ""}>
<span class="label">${AGE_BUCKET_LABELS[bucket]}${current ? html` <span class="sr-only">(applied)</span>` : ""}</span>
<span class="figure">${result.bucketCounts[bucket]}</span></a>`;
  });
  return html`<nav aria-label="Age buckets" class="grid buckets">${items}</nav>`;
}

function filtersForm(query: BreaksQuery): SafeHtml {
  return html`<form class="filters" method="get" action="/breaks" role="search" aria-label="Filter breaks">
<label>Status <select name="status">${options(["open", "resolved", "all"], query.status)}</select></label>
<label>Processor <select name="processor">${options(PROCESSORS, query.processor, {}, "any")}</select></label>
<label>Kind <select name="kind">${options(DISCREPANCY_KINDS, query.kind, {}, "any")}</select></label>
<label>Currency <input name="currency" value="${query.currency}" size="4" maxlength="3" placeholder="any"></label>
<label>Age <select name="bucket">${options(AGE_BUCKETS, query.bucket, AGE_BUCKET_LABELS, "any")}</select></label>
<label>Min amount <input name="min" value="${query.min}" inputmode="decimal" size="8"></label>
<label>Max amount <input name="max" value="${query.max}" inputmode="decimal" size="8"></label>
<label>Search ids and reason <input type="search" name="q" value="${query.q}"></label>
<label>Sort by <select name="sort">${options(BREAK_SORTS, query.sort, SORT_LABELS)}</select></label>
<label>Order <select name="dir">${options(["desc", "asc"], query.dir, { desc: "descending", asc: "ascending" })}</select></label>
<button type="submit">Apply</button> <a class="button secondary" href="/breaks">Reset</a>
</form>`;
}

function row(b: BreakRow, operator: boolean): SafeHtml {
  const check = operator
    ? html`<td><input type="checkbox" name="ids" value="${b.id}" aria-label="Select break #${b.id}"${b.status === "open" ? "" : html` disabled`}></td>`
    : "";
  return html`<tr>${check}<td><a href="/breaks/${b.id}">#${b.id}</a></td><td>${b.processor}</td><td>${b.kind}</td>
<td class="mono">${b.processorExternalId ?? "—"}<br>${b.internalExternalId ?? "—"}</td>
<td class="num">${breakAmount(b)}</td><td class="num">${b.ageDays} d</td><td>${b.firstSeenRunDate}</td><td>${b.lastSeenRunDate}</td>
<td>${statusBadge(b)}</td></tr>`;
}

function pager(query: BreaksQuery, result: BreaksSearchResult): SafeHtml {
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const previous = result.page > 1 ? html`<a href="/breaks${breaksQueryString(query, { page: result.page - 1 })}" rel="prev">Previous</a>` : "";
  const next = result.page < pages ? html`<a href="/breaks${breaksQueryString(query, { page: result.page + 1 })}" rel="next">Next</a>` : "";
  return html`<nav class="pager" aria-label="Pages">${previous}<span>Page ${result.page} of ${pages} · ${result.total} breaks</span>${next}</nav>`;
}

export interface BreaksListPageInput {
  viewer: Viewer;
  query: BreaksQuery;
  result: BreaksSearchResult;
  /** The database holds sandbox (generated) data. */
  sandbox: boolean;
  notice?: { kind: "done" | "error"; text: string };
}

export function renderBreaksListPage(input: BreaksListPageInput): string {
  const { viewer, query, result } = input;
  const operator = hasRole(viewer, "operator");
  const exportQuery = breaksQueryString(query, { page: 1 });
  const head = html`<tr>${operator ? html`<th scope="col"><input type="checkbox" data-select-all="ids" aria-label="Select all breaks on this page"></th>` : ""}
<th scope="col">Break</th><th scope="col">Processor</th><th scope="col">Kind</th><th scope="col">Processor id / ledger id</th>
<th scope="col" class="num">Amount at risk</th><th scope="col" class="num">Age</th><th scope="col">First seen</th><th scope="col">Last seen</th><th scope="col">Status</th></tr>`;
  const table = result.rows.length === 0
    ? html`<p class="card muted">No breaks match these filters.</p>`
    : html`<table><caption class="sr-only">Breaks, ${result.total} matching</caption><thead>${head}</thead><tbody>${result.rows.map((b) => row(b, operator))}</tbody></table>`;
  const list = operator && result.rows.length > 0
    ? html`<form method="post" action="/breaks/resolve" class="bulk">
<input type="hidden" name="_csrf" value="${viewer.csrfToken}"><input type="hidden" name="return" value="${breaksQueryString(query)}">
${table}
<div class="card"><label for="bulk-note">Note for resolving the selected breaks (required)</label><br>
<textarea id="bulk-note" name="note" rows="2" cols="60" required></textarea>
<div class="actions"><button type="submit">Resolve selected</button></div></div></form>`
    : table;
  const body = html`<h1>Breaks</h1>${bucketSummary(query, result)}${filtersForm(query)}
<div class="actions"><a class="button secondary" href="/breaks.csv${exportQuery}" download>Export CSV (${result.total} breaks)</a></div>
${list}${pager(query, result)}`;
  return renderPage({ title: "Breaks", section: "breaks", viewer, body, sandbox: input.sandbox, ...(input.notice ? { notice: input.notice } : {}) });
}
