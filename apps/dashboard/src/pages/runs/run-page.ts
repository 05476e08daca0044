// /runs/:id: one run's header, figures per currency (never summed across currencies), counts per
// kind, its discrepancies (filtered, paged, exportable), report links, audit trail and re-run.
import { DISCREPANCY_KINDS, formatMoney } from "@recon/domain";
import type { DiscrepancyPage, RunAuditEntry, RunDiscrepancy, RunListRow } from "@recon/db";
import { hasRole, type Viewer } from "../../auth/roles";
import { html, type SafeHtml } from "../../web/html";
import { renderPage } from "../../web/page-shell";
import { formatCount, renderPager } from "./pager";
import { queryString } from "./query-params";

/** The discrepancy filters as typed (strings), kept in links and the form. */
export interface DiscrepancyFilterText {
  kind?: string;
  currency?: string;
  min?: string;
  max?: string;
  q?: string;
}

export interface RunPageInput {
  viewer: Viewer;
  run: RunListRow;
  currencies: string[];
  filterText: DiscrepancyFilterText;
  discrepancies: DiscrepancyPage;
  audit: RunAuditEntry[];
  notice?: { kind: "done" | "error"; text: string };
}

function when(date: Date | null): string {
  return date === null ? "—" : date.toISOString().replace("T", " ").slice(0, 19) + " UTC";
}

function header(run: RunListRow, viewer: Viewer): SafeHtml {
  return html`<p class="crumbs"><a href="/runs">Runs</a> /</p>
<h1>${run.processor} · ${run.runDate}</h1>
<div class="grid">
<div class="card"><div class="label">Status</div><div class="figure"><span class="badge ${run.status}">${run.status}</span></div></div>
<div class="card"><div class="label">Data</div><div class="figure">${run.sandbox ? html`<span class="sandbox">SANDBOX</span>` : "real"}</div></div>
<div class="card"><div class="label">Started</div><div>${when(run.startTime)}</div><div class="label">Ended</div><div>${when(run.endTime)}</div></div>
<div class="card"><div class="label">Transactions</div><div>${formatCount(run.processorTransactionCount)} processor · ${formatCount(run.internalTransactionCount)} ledger · ${formatCount(run.matchedCount)} matched</div></div>
</div>
${run.errorMessage ? html`<p class="banner error" role="alert">Error: ${run.errorMessage}</p>` : ""}
${hasRole(viewer, "operator") ? html`<p class="actions"><a class="button" href="/runs/${run.id}/rerun">Re-run ${run.processor} ${run.runDate}</a></p>` : ""}`;
}

function figures(run: RunListRow): SafeHtml {
  if (run.figures.length === 0) return html`<h2>Figures per currency</h2><p class="muted">No figures recorded.</p>`;
  return html`<h2>Figures per currency</h2>
<table><caption class="sr-only">Figures per currency, each in its own currency</caption>
<thead><tr><th scope="col">Currency</th><th scope="col" class="num">Volume</th><th scope="col" class="num">Missing</th><th scope="col" class="num">At stake</th><th scope="col" class="num">Fees at stake</th></tr></thead>
<tbody>${run.figures.map(
    (f) => html`<tr><th scope="row">${f.currency}</th><td class="num">${formatMoney(f.volumeMinor, f.currency)}</td><td class="num">${formatMoney(f.missingMinor, f.currency)}</td><td class="num">${formatMoney(f.atRiskMinor, f.currency)}</td><td class="num">${formatMoney(f.feesAtRiskMinor, f.currency)}</td></tr>`,
  )}</tbody></table>`;
}

function kindCounts(run: RunListRow, runId: string): SafeHtml {
  return html`<h2>Discrepancies per kind</h2>
<table><caption class="sr-only">Discrepancies per kind</caption><thead><tr><th scope="col">Kind</th><th scope="col" class="num">Count</th></tr></thead>
<tbody>${DISCREPANCY_KINDS.map((kind) => {
    const n = run.counts[kind] ?? 0;
    return html`<tr><td>${n > 0 ? html`<a href="/runs/${runId}${queryString({ kind })}#discrepancies">${kind}</a>` : kind}</td><td class="num">${formatCount(n)}</td></tr>`;
  })}</tbody></table>`;
}

function filterForm(runId: string, currencies: string[], text: DiscrepancyFilterText): SafeHtml {
  const option = (value: string, current: string | undefined) => html`<option${value === current ? html` selected` : ""}>${value}</option>`;
  return html`<form class="filters" method="get" action="/runs/${runId}#discrepancies" aria-label="Filter discrepancies">
<label>Kind<select name="kind"><option value="">any</option>${DISCREPANCY_KINDS.map((kind) => option(kind, text.kind))}</select></label>
<label>Currency<select name="currency"><option value="">any</option>${currencies.map((c) => option(c, text.currency))}</select></label>
<label>Min amount<input name="min" inputmode="decimal" size="10" value="${text.min ?? ""}"></label>
<label>Max amount<input name="max" inputmode="decimal" size="10" value="${text.max ?? ""}"></label>
<label>Search ids and reasons<input type="search" name="q" value="${text.q ?? ""}"></label>
<button type="submit">Filter</button> <a class="button secondary" href="/runs/${runId}#discrepancies">Clear</a></form>`;
}

function amount(minor: bigint | null, currency: string): string {
  return minor === null ? "—" : formatMoney(minor, currency);
}

function discrepancyRow(d: RunDiscrepancy): SafeHtml {
  return html`<tr><td>${d.kind}</td><td class="mono">${d.processorExternalId ?? "—"}</td><td class="mono">${d.internalExternalId ?? "—"}</td>
<td class="num">${amount(d.processorAmountMinor, d.currency)}</td><td class="num">${amount(d.internalAmountMinor, d.currency)}</td>
<td class="num">${formatMoney(d.amountAtRiskMinor, d.currency)}</td><td>${d.reason}</td></tr>`;
}

function discrepancies(input: RunPageInput): SafeHtml {
  const { run, discrepancies: page, filterText } = input;
  const filters = { ...filterText };
  return html`<h2 id="discrepancies">Discrepancies</h2>
${filterForm(run.id, input.currencies, filterText)}
<p class="actions"><a class="button secondary" href="/runs/${run.id}/discrepancies.csv${queryString(filters)}" download>Export CSV (${formatCount(page.total)} rows)</a></p>
${renderPager(`/runs/${run.id}`, filters, page.page, page.pageSize, page.total, "Discrepancy pages, above the table")}
<table><caption class="sr-only">Discrepancies, largest amount at stake first</caption>
<thead><tr><th scope="col">Kind</th><th scope="col">Processor id</th><th scope="col">Ledger id</th><th scope="col" class="num">Processor amount</th>
<th scope="col" class="num">Ledger amount</th><th scope="col" class="num">At stake</th><th scope="col">Reason</th></tr></thead>
<tbody>${page.rows.length > 0 ? page.rows.map(discrepancyRow) : html`<tr><td colspan="7">No discrepancies match.</td></tr>`}</tbody></table>
${renderPager(`/runs/${run.id}`, filters, page.page, page.pageSize, page.total, "Discrepancy pages, below the table")}`;
}

function reports(run: RunListRow): SafeHtml {
  const formats = Object.keys(run.reports).sort();
  return html`<h2>Reports</h2>${
    formats.length === 0
      ? html`<p class="muted">No reports recorded for this run.</p>`
      : html`<ul>${formats.map((format) => html`<li><a href="/runs/${run.id}/reports/${format}">${format}</a> <span class="muted mono">${run.reports[format]!}</span></li>`)}</ul>`
  }`;
}

function auditTrail(entries: RunAuditEntry[]): SafeHtml {
  return html`<h2>Audit trail</h2>
<table><caption class="sr-only">Audit trail of the run, oldest first</caption>
<thead><tr><th scope="col" class="num">Seq</th><th scope="col">At</th><th scope="col">Action</th><th scope="col">Actor</th><th scope="col">Details</th></tr></thead>
<tbody>${
    entries.length > 0
      ? entries.map(
          (e) => html`<tr><td class="num">${e.seq}</td><td>${when(e.at)}</td><td>${e.action}</td><td>${e.actor}</td><td class="mono">${JSON.stringify(e.details)}</td></tr>`,
        )
      : html`<tr><td colspan="5">No audit entries.</td></tr>`
  }</tbody></table>`;
}

export function renderRunPage(input: RunPageInput): string {
  const body = html`${header(input.run, input.viewer)}<div class="grid"><section>${figures(input.run)}</section><section>${kindCounts(input.run, input.run.id)}</section></div>${discrepancies(input)}${reports(input.run)}${auditTrail(input.audit)}`;
  return renderPage({
    title: `${input.run.processor} ${input.run.runDate}`,
    section: "runs",
    viewer: input.viewer,
    body,
    sandbox: input.run.sandbox,
    notice: input.notice,
  });
}

export function renderRerunConfirmPage(viewer: Viewer, run: RunListRow): string {
  const body = html`<p class="crumbs"><a href="/runs">Runs</a> / <a href="/runs/${run.id}">${run.processor} · ${run.runDate}</a> /</p>
<h1>Re-run ${run.processor} for ${run.runDate}?</h1>
<p>The run is fetched and reconciled again; its results are replaced when the new run completes (a failed re-run keeps the current ones). You are recorded as the one who asked.</p>
<form method="post" action="/runs/${run.id}/rerun"><input type="hidden" name="_csrf" value="${viewer.csrfToken}">
<p class="actions"><button type="submit">Re-run ${run.processor} ${run.runDate}</button> <a class="button secondary" href="/runs/${run.id}">Cancel</a></p></form>`;
  return renderPage({ title: `Re-run ${run.processor} ${run.runDate}`, section: "runs", viewer, body });
}
