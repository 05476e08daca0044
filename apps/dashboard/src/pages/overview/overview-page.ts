// `/`: per processor the last 30 days, the trend of open breaks and amount at stake, and what
// needs attention first (failed runs, oldest and largest open breaks).
import type { OpenBreakSummary, Overview } from "@recon/db";
import { formatMoney } from "@recon/domain";
import type { Viewer } from "../../auth/roles";
import { html, type SafeHtml } from "../../web/html";
import { renderPage } from "../../web/page-shell";
import { renderCalendarLegend, renderCalendarStrip } from "./calendar-strip";
import { renderTrend } from "./trend-chart";

function breakRows(breaks: OpenBreakSummary[]): SafeHtml {
  if (breaks.length === 0) return html`<p class="muted">No open breaks.</p>`;
  return html`<table><thead><tr><th scope="col">Break</th><th scope="col">Processor</th><th scope="col">Kind</th><th scope="col">Since</th><th scope="col" class="num">At stake</th></tr></thead>
<tbody>${breaks.map(
    (b) => html`<tr><td><a href="/breaks/${b.id}">#${b.id} ${b.processorExternalId ?? b.internalExternalId ?? ""}</a></td><td>${b.processor}</td><td>${b.kind}</td><td>${b.firstSeenRunDate}</td><td class="num">${formatMoney(b.amountAtRiskMinor, b.currency)}</td></tr>`,
  )}</tbody></table>`;
}

function attention(overview: Overview): SafeHtml {
  const failed =
    overview.failedRuns.length === 0
      ? html`<p class="muted">No failed runs in these 30 days.</p>`
      : html`<ul>${overview.failedRuns.map((r) => html`<li><a href="/runs/${r.id}">${r.processor} ${r.runDate}</a>: <span class="badge failed">failed</span> ${r.errorMessage ?? ""}</li>`)}</ul>`;
  return html`<section aria-labelledby="attention"><h2 id="attention">Needs attention</h2>
<div class="attention"><div class="card"><h3>Failed runs</h3>${failed}</div>
<div class="card"><h3>Oldest open breaks</h3>${breakRows(overview.oldestOpenBreaks)}</div>
<div class="card"><h3>Largest open breaks</h3>${
    overview.largestOpenBreaks.length === 0
      ? html`<p class="muted">No open breaks.</p>`
      : html`<div class="per-currency">${overview.largestOpenBreaks.map((group) => html`<div><h4>${group.currency}</h4>${breakRows(group.breaks)}</div>`)}</div>`
  }</div></div></section>`;
}

export function renderOverviewPage(viewer: Viewer, overview: Overview): string {
  const body = html`<h1>Overview</h1><p class="muted">${overview.from} to ${overview.to} (UTC)</p>
<section aria-labelledby="days" class="card"><h2 id="days">Runs, last 30 days</h2>${overview.strips.map(renderCalendarStrip)}${renderCalendarLegend()}</section>
${attention(overview)}
<section aria-labelledby="trend"><h2 id="trend">Trend</h2>${renderTrend(overview.trend, overview.trendCurrencies)}</section>`;
  return renderPage({ title: "Overview", section: "overview", viewer, body, sandbox: overview.sandbox });
}
