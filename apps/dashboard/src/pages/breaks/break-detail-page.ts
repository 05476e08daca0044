// /breaks/:id: the break, both records side by side (every field, the raw payloads, the fields
// they differ on highlighted AND marked in words), its history and notes, and for operators
// the resolve or reopen form.
import type { BreakDetail, BreakRecord, FieldDifference } from "@recon/db";
import { hasRole, type Viewer } from "../../auth/roles";
import { html, type SafeHtml } from "../../web/html";
import { renderPage } from "../../web/page-shell";
import { breakAmount, statusBadge } from "./break-cells";

function side(title: string, record: BreakRecord | null, differing: Set<string>, missing: string): SafeHtml {
  if (record === null) return html`<section class="card" aria-label="${title}"><h2>${title}</h2><p class="muted">${missing}</p></section>`;
  const rows = record.fields.map((field) => {
    const differs = differing.has(field.name);
    return html`<tr${differs ? html` class="diff"` : ""}><th scope="row">${field.name}${differs ? html` <span class="sr-only">(differs)</span><span aria-hidden="true"> ≠</span>` : ""}</th>
<td class="mono">${field.value ?? html`<span class="muted">empty</span>`}</td></tr>`;
  });
  return html`<section class="card" aria-label="${title}"><h2>${title}</h2>
<table><caption class="sr-only">${title}: every field</caption><tbody>${rows}</tbody></table>
<h3>Raw payload</h3><pre tabindex="0" aria-label="${title} raw payload">${record.raw}</pre></section>`;
}

function differencesList(differences: FieldDifference[], bothSides: boolean): SafeHtml {
  if (!bothSides) return html`<p class="muted">Only one side has a record: there is nothing to compare.</p>`;
  if (differences.length === 0) return html`<p>The two records agree on every compared field.</p>`;
  return html`<table><caption class="sr-only">Fields the two records differ on</caption>
<thead><tr><th scope="col">Field</th><th scope="col">Processor</th><th scope="col">Ledger</th></tr></thead>
<tbody>${differences.map((d) => html`<tr class="diff"><th scope="row">${d.field}</th><td class="mono">${d.processorValue ?? "—"}</td><td class="mono">${d.internalValue ?? "—"}</td></tr>`)}</tbody></table>`;
}

function changeForm(viewer: Viewer, detail: BreakDetail): SafeHtml {
  const b = detail.break;
  const action = b.status === "open" ? "resolve" : "reopen";
  return html`<section class="card" aria-label="${action === "resolve" ? "Resolve" : "Reopen"} this break">
<form method="post" action="/breaks/${b.id}/${action}">
<input type="hidden" name="_csrf" value="${viewer.csrfToken}">
<label for="change-note">Note (required): why ${action === "resolve" ? "is it resolved" : "reopen it"}</label><br>
<textarea id="change-note" name="note" rows="3" cols="60" required></textarea>
<div class="actions"><button type="submit"${action === "reopen" ? html` class="secondary"` : ""}>${action === "resolve" ? "Resolve break" : "Reopen break"}</button></div>
</form></section>`;
}

export function renderBreakDetailPage(viewer: Viewer, detail: BreakDetail, sandbox: boolean, notice?: { kind: "done" | "error"; text: string }): string {
  const b = detail.break;
  const differingProcessor = new Set(detail.differences.map((d) => d.processorColumn));
  const differingInternal = new Set(detail.differences.map((d) => d.internalColumn));
  const history = detail.history.length === 0
    ? html`<p class="muted">No entries.</p>`
    : html`<table><caption class="sr-only">History of break #${b.id}</caption>
<thead><tr><th scope="col">#</th><th scope="col">When</th><th scope="col">Action</th><th scope="col">By</th><th scope="col">Note</th></tr></thead>
<tbody>${detail.history.map((h) => html`<tr><td class="num">${h.seq}</td><td>${h.at.toISOString()}</td><td>${h.action}${h.resolution ? ` (${h.resolution})` : ""}</td><td>${h.actor}</td><td>${h.note ?? ""}</td></tr>`)}</tbody></table>`;
  const body = html`<p class="crumbs"><a href="/breaks">Breaks</a> / #${b.id}</p>
<h1>Break #${b.id} ${statusBadge(b)}</h1>
<section class="card grid" aria-label="Summary">
<div><div class="label">Processor</div>${b.processor}</div>
<div><div class="label">Kind</div>${b.kind}</div>
<div><div class="label">Amount at risk</div><span class="figure">${breakAmount(b)}</span></div>
<div><div class="label">Age</div>${b.ageDays} days</div>
<div><div class="label">First seen</div><a href="/runs/${b.firstSeenRunId}">${b.firstSeenRunDate} run</a></div>
<div><div class="label">Last seen</div>${b.lastSeenRunDate}</div>
<div><div class="label">Reason</div>${b.reason}</div>
${b.status === "resolved" ? html`<div><div class="label">Resolved</div>${b.resolution ?? ""} by ${b.resolvedBy ?? "?"}${b.resolvedAt ? ` at ${b.resolvedAt.toISOString()}` : ""}</div>` : ""}
<div><div class="label">Note</div>${b.note ?? html`<span class="muted">none</span>`}</div>
</section>
<h2>Differing fields</h2>${differencesList(detail.differences, detail.processorRecord !== null && detail.internalRecord !== null)}
<div class="side-by-side">
${side(`Processor record (${b.processor})`, detail.processorRecord, differingProcessor, b.processorExternalId === null ? "No processor record: the processor never reported this transaction." : `No stored processor record with id ${b.processorExternalId}.`)}
${side("Ledger record", detail.internalRecord, differingInternal, b.internalExternalId === null ? "No ledger record: the ledger never booked this transaction." : `No stored ledger record with id ${b.internalExternalId}.`)}
</div>
<h2>History and notes</h2>${history}
${hasRole(viewer, "operator") ? changeForm(viewer, detail) : ""}`;
  return renderPage({ title: `Break #${b.id}`, section: "breaks", viewer, body, sandbox, ...(notice ? { notice } : {}) });
}
