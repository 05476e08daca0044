import { listRuns, type Db, type RunRow } from "@recon/db";

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function countsOf(run: RunRow): string {
  const counts = Object.entries((run.counts ?? {}) as Record<string, unknown>)
    .filter(([, n]) => Number(n) > 0)
    .map(([kind, n]) => `${kind}: ${Number(n)}`);
  return counts.length > 0 ? counts.join(", ") : "none";
}

function reportsOf(run: RunRow): string {
  return Object.entries((run.reports ?? {}) as Record<string, unknown>)
    .map(([format, location]) => `<span title="${escapeHtml(String(location))}">${escapeHtml(format)}: ${escapeHtml(String(location))}</span>`)
    .join("<br>");
}

/** Where a run's data came from: the built-in emulators (generated) or the real sources. */
function dataOf(run: RunRow): string {
  return run.sandbox ? `<td class="sandbox" title="${escapeHtml(run.processorName)} and the ledger ran on the built-in emulators">SANDBOX</td>` : "<td>real</td>";
}

/** A small page of recent runs beside Bull Board: status, breaks per kind, where the reports are, which data was sandbox. */
export async function renderRunsPage(db: Db, limit = 50): Promise<string> {
  const runs = (await listRuns(db)).slice(0, limit);
  const banner = runs.some((run) => run.sandbox)
    ? '<p id="sandbox" role="alert">SANDBOX: runs marked SANDBOX reconciled generated data from the built-in emulators, not real money.</p>\n'
    : "";
  const rows = runs
    .map(
      (run) => `<tr>
  <td>${run.runDate.toISOString().slice(0, 10)}</td>
  <td>${escapeHtml(run.processorName)}</td>
  ${dataOf(run)}
  <td class="status-${escapeHtml(run.status)}">${escapeHtml(run.status)}</td>
  <td>${run.processorTransactionCount}</td>
  <td>${run.internalTransactionCount}</td>
  <td>${run.missingTransactionCount}</td>
  <td>${escapeHtml(run.totalDiscrepancyAmount.toString())} ${escapeHtml(run.primaryCurrency ?? "")}</td>
  <td>${escapeHtml(countsOf(run))}</td>
  <td>${run.errorMessage ? escapeHtml(run.errorMessage) : ""}</td>
  <td>${reportsOf(run)}</td>
</tr>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>recon runs</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
.status-failed{color:#b00}.status-completed{color:#070}.sandbox{color:#6b3f00;background:#fff4e0;font-weight:700}
#sandbox{padding:.6rem 1rem;border:2px solid #b26a00;background:#fff4e0;color:#6b3f00;font-weight:700}</style></head>
<body><h1>Recent runs</h1><p><a href="queues">Queues (Bull Board)</a></p>
${banner}<table><thead><tr><th>date</th><th>processor</th><th>data</th><th>status</th><th>processor txns</th><th>ledger txns</th><th>missing</th><th>missing amount</th><th>breaks</th><th>error</th><th>reports</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="11">no runs yet</td></tr>'}
</tbody></table></body></html>`;
}
