// /runs: every run, filtered by processor, status and dates, 50 a page, with a CSV export of the
// same filter. Runs that reconciled generated data are marked SANDBOX under a banner.
import { PROCESSORS } from "@recon/domain";
import { RUN_STATUSES, type RunListRow, type RunsFilter, type RunsPage } from "@recon/db";
import type { Viewer } from "../../auth/roles";
import { html, type SafeHtml } from "../../web/html";
import { renderPage } from "../../web/page-shell";
import { moneyList } from "./money";
import { renderPager } from "./pager";
import { queryString } from "./query-params";

export const SANDBOX_BANNER = "SANDBOX: runs marked SANDBOX reconciled generated data from the built-in emulators, not real money.";

function filterValues(filter: RunsFilter): Record<string, string | undefined> {
  return { processor: filter.processor, status: filter.status, from: filter.from, to: filter.to };
}

function select(name: string, label: string, choices: readonly string[], current: string | undefined): SafeHtml {
  return html`<label>${label}<select name="${name}"><option value="">any</option>${choices.map(
    (choice) => html`<option${choice === current ? html` selected` : ""}>${choice}</option>`,
  )}</select></label>`;
}

function renderRunsFilters(action: string, filter: RunsFilter): SafeHtml {
  return html`<form class="filters" method="get" action="${action}" aria-label="Filter runs">
${select("processor", "Processor", PROCESSORS, filter.processor)}
${select("status", "Status", RUN_STATUSES, filter.status)}
<label>From<input type="date" name="from" value="${filter.from ?? ""}"></label>
<label>To<input type="date" name="to" value="${filter.to ?? ""}"></label>
<button type="submit">Filter</button> <a class="button secondary" href="${action}">Clear</a></form>`;
}

/** Where a run's data came from: the built-in emulators (generated) or the real sources. */
function dataCell(run: RunListRow): SafeHtml {
  return run.sandbox
    ? html`<td class="sandbox" title="${run.processor} and the ledger ran on the built-in emulators">SANDBOX</td>`
    : html`<td>real</td>`;
}

function row(run: RunListRow): SafeHtml {
  return html`<tr>
<td class="nowrap"><a href="/runs/${run.id}">${run.runDate}</a></td>
<td>${run.processor}</td>
${dataCell(run)}
<td><span class="badge ${run.status}">${run.status}</span></td>
<td class="num">${run.processorTransactionCount}</td>
<td class="num">${run.internalTransactionCount}</td>
<td class="num">${run.discrepancies}</td>
<td>${moneyList(run.atStake)}</td>
<td>${run.errorMessage ?? ""}</td>
</tr>`;
}

export function renderRunsListPage(viewer: Viewer, filter: RunsFilter, page: RunsPage): string {
  const filters = filterValues(filter);
  const sandbox = page.rows.some((run) => run.sandbox);
  const body = html`<h1>Runs</h1>
${sandbox ? html`<p id="sandbox" class="banner sandbox" role="alert">${SANDBOX_BANNER}</p>` : ""}
${renderRunsFilters("/runs", filter)}
<p class="actions"><a class="button secondary" href="/runs.csv${queryString(filters)}" download>Export CSV</a></p>
<table><caption class="sr-only">Runs, newest day first</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Processor</th><th scope="col">Data</th><th scope="col">Status</th>
<th scope="col" class="num">Processor txns</th><th scope="col" class="num">Ledger txns</th><th scope="col" class="num">Breaks</th>
<th scope="col">At stake</th><th scope="col">Error</th></tr></thead>
<tbody>${page.rows.length > 0 ? page.rows.map(row) : html`<tr><td colspan="9">${Object.values(filters).some(Boolean) ? "no runs match these filters" : "no runs yet"}</td></tr>`}</tbody></table>
${renderPager("/runs", filters, page.page, page.pageSize, page.total)}`;
  return renderPage({ title: "Runs", section: "runs", viewer, body });
}
