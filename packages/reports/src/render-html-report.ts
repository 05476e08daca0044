import { DISCREPANCY_KINDS, formatMoney, toMajorDecimal } from "@recon/domain";
import type { ExecutiveSummary } from "./executive-summary";
import { escapeHtml } from "./html-escape";
import type { DiscrepancyLine, ReportBundleInput } from "./report-bundle-input";

/** How many breaks the "top breaks" table lists (the full list is the discrepancies CSV). */
export const TOP_BREAKS = 20;

const BAR_WIDTH = 420;
const ROW_HEIGHT = 26;
const LABEL_WIDTH = 170;
const SEVERITY_COLOURS = { low: "#2e7d32", medium: "#f9a825", high: "#ef6c00", critical: "#c62828" } as const;

/** Horizontal bar chart as inline SVG: no script, no fonts or images fetched, so it opens offline. */
function barChart(
  id: string,
  title: string,
  rows: Array<{ label: string; fraction: number; value: string }>,
): string {
  const height = Math.max(1, rows.length) * ROW_HEIGHT + 10;
  const width = LABEL_WIDTH + BAR_WIDTH + 160;
  const bars = rows.map((row, i) => {
    const y = i * ROW_HEIGHT + 5;
    // A non-zero value always shows at least a sliver, so a small break is not invisible.
    const w = row.fraction > 0 ? Math.max(2, Math.round(row.fraction * BAR_WIDTH)) : 0;
    return [
      `<text x="${LABEL_WIDTH - 8}" y="${y + 16}" text-anchor="end">${escapeHtml(row.label)}</text>`,
      `<rect class="bar" x="${LABEL_WIDTH}" y="${y}" width="${w}" height="${ROW_HEIGHT - 8}" rx="2"></rect>`,
      `<text x="${LABEL_WIDTH + w + 6}" y="${y + 16}">${escapeHtml(row.value)}</text>`,
    ].join("");
  });
  const empty = rows.length === 0 ? `<text x="10" y="20">nothing to chart</text>` : "";
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg id="${id}" class="chart" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}">${bars.join("")}${empty}</svg></figure>`;
}

/** Biggest money at stake first, compared in major units so JPY and USD rank sensibly (display only, never summed). */
export function topBreaks(discrepancies: readonly DiscrepancyLine[], limit = TOP_BREAKS): DiscrepancyLine[] {
  return [...discrepancies]
    .sort((a, b) =>
      toMajorDecimal(b.amountAtRiskMinor, b.currency).comparedTo(
        toMajorDecimal(a.amountAtRiskMinor, a.currency),
      ),
    )
    .slice(0, limit);
}

function amount(minor: bigint | null, currency: string): string {
  return minor === null ? "" : formatMoney(minor, currency);
}

/**
 * `reconciliation_report_{processor}_{date}.html`: one self-contained file (inline CSS and SVG,
 * no script, no external resources) with the executive summary, a chart of discrepancies by kind,
 * a chart of the amount at stake per currency, and the top breaks.
 *
 * The currency chart never puts two currencies on one scale (that would need a rate): each bar is
 * that currency's amount at stake as a share of its own processed volume.
 */
export function renderHtmlReport(input: ReportBundleInput, summary: ExecutiveSummary): string {
  const { figures } = input;
  const maxCount = Math.max(0, ...DISCREPANCY_KINDS.map((kind) => figures.counts[kind]));
  const kindRows = DISCREPANCY_KINDS.map((kind) => ({
    label: kind,
    fraction: maxCount === 0 ? 0 : figures.counts[kind] / maxCount,
    value: String(figures.counts[kind]),
  }));
  const currencyRows = Object.entries(figures.totalsByCurrency)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, totals]) => {
      const volume = toMajorDecimal(totals.volumeMinor, code);
      const atRisk = toMajorDecimal(totals.atRiskMinor, code);
      const share = volume.isZero()
        ? atRisk.isZero()
          ? 0
          : 1
        : Math.min(1, atRisk.dividedBy(volume).toNumber());
      const ofVolume = volume.isZero()
        ? ""
        : ` (${atRisk.dividedBy(volume).times(100).toFixed(2)}% of volume)`;
      return {
        label: code,
        fraction: share,
        value: `${formatMoney(totals.atRiskMinor, code)}${ofVolume}`,
      };
    });
  const breaks = topBreaks(input.discrepancies)
    .map(
      (d) =>
        `<tr><td>${escapeHtml(d.kind)}</td><td>${escapeHtml(d.processorExternalId ?? "")}</td><td>${escapeHtml(d.internalExternalId ?? "")}</td>` +
        `<td class="num">${escapeHtml(amount(d.processorAmountMinor, d.currency))}</td><td class="num">${escapeHtml(amount(d.internalAmountMinor, d.currency))}</td>` +
        `<td class="num">${escapeHtml(amount(d.amountAtRiskMinor, d.currency))}</td><td>${escapeHtml(d.reason)}</td></tr>`,
    )
    .join("\n");
  const list = (items: string[]) =>
    `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join("")}</ul>`;
  const colour = SEVERITY_COLOURS[summary.severity];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(summary.title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1a1a1a; max-width: 1100px; }
.severity { display: inline-block; padding: 0.2rem 0.6rem; border-radius: 4px; color: #fff; background: ${colour}; font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 2rem; }
figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: 0.5rem; }
svg.chart text { font-size: 12px; fill: #333; }
svg.chart rect.bar { fill: #3f6fb5; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left; } td.num { text-align: right; white-space: nowrap; }
#sandbox { padding: 0.6rem 1rem; border: 2px solid #b26a00; background: #fff4e0; color: #6b3f00; font-weight: 700; }
</style>
</head>
<body>
${summary.notice ? `<p id="sandbox" role="alert">${escapeHtml(summary.notice)}</p>\n` : ""}<h1>${escapeHtml(summary.title)}</h1>
<p><span class="severity" title="review priority">${escapeHtml(summary.severity.toUpperCase())}</span> generated ${escapeHtml(input.generatedAt.toISOString())}</p>
<section id="summary">
<h2>Overview</h2>${list(summary.overview)}
<h2>Financial impact</h2>${list(summary.financialImpact)}
<h2>Risk assessment</h2>${list(summary.riskAssessment)}
<h2>Recommended actions</h2>${list(summary.recommendedActions)}
</section>
<section class="charts">
${barChart("chart-by-kind", "Discrepancies by kind", kindRows)}
${barChart("chart-by-currency", "Amount at stake by currency (share of that currency's volume)", currencyRows)}
</section>
<section id="top-breaks">
<h2>Top breaks (${Math.min(TOP_BREAKS, input.discrepancies.length)} of ${input.discrepancies.length})</h2>
<table>
<thead><tr><th>kind</th><th>processor id</th><th>ledger id</th><th>processor amount</th><th>ledger amount</th><th>at stake</th><th>reason</th></tr></thead>
<tbody>
${breaks}
</tbody>
</table>
</section>
</body>
</html>
`;
}
