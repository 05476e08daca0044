// The trend of open breaks and of the amount at stake (one line per currency, each on its own
// scale: currencies are never put on one axis), as inline SVG with a data table for anyone who
// cannot see the chart.
import type { TrendPoint } from "@recon/db";
import { formatMoney } from "@recon/domain";
import { html, type SafeHtml } from "../../web/html";

const WIDTH = 600;
const HEIGHT = 120;
const PAD = 6;
const COLOURS = ["#1f4fbf", "#b35900", "#1d6b3a", "#7a2e8e", "#a12222"];

function points(values: readonly bigint[]): string {
  const max = values.reduce((m, v) => (v > m ? v : m), 0n);
  const step = values.length > 1 ? (WIDTH - 2 * PAD) / (values.length - 1) : 0;
  return values
    .map((value, i) => {
      // Scaled in bigint to a 0..1000 grid, then to pixels: no float touches the amount itself.
      const scaled = max === 0n ? 0 : Number((value * 1000n) / max);
      const y = HEIGHT - PAD - (scaled / 1000) * (HEIGHT - 2 * PAD);
      return `${(PAD + i * step).toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
}

/** A line of the chart; `last` is its value on the last day, as words for the legend. */
interface Series {
  label: string;
  values: bigint[];
  last: string;
}

function chart(title: string, series: Series[]): SafeHtml {
  return html`<figure class="card"><figcaption>${title}</figcaption>
<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${title}: see the data table below"><g fill="none" stroke-width="2">${series.map(
    (s, i) => html`<polyline points="${points(s.values)}" stroke="${COLOURS[i % COLOURS.length]!}"><title>${s.label}</title></polyline>`,
  )}</g></svg>
<ul class="legend">${series.map((s, i) => html`<li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="${COLOURS[i % COLOURS.length]!}"></rect></svg>${s.label}: ${s.last} on the last day${series.length > 1 ? " (own scale)" : ""}</li>`)}</ul>
</figure>`;
}

export function renderTrend(trend: TrendPoint[], currencies: string[]): SafeHtml {
  const lastOpen = trend.at(-1)?.openBreaks ?? 0;
  const open = chart("Open breaks at the end of each day", [{ label: "open breaks", values: trend.map((p) => BigInt(p.openBreaks)), last: String(lastOpen) }]);
  const stake =
    currencies.length === 0
      ? html`<p class="muted">No amount at stake in these 30 days.</p>`
      : chart(
          "Amount at stake per currency",
          currencies.map((currency) => {
            const values = trend.map((p) => p.atStake.find((a) => a.currency === currency)?.minor ?? 0n);
            return { label: currency, values, last: formatMoney(values.at(-1) ?? 0n, currency) };
          }),
        );
  const table = html`<details><summary>Trend as a table</summary>
<table><caption class="sr-only">Open breaks and amount at stake per day</caption>
<thead><tr><th scope="col">Day</th><th scope="col" class="num">Open breaks</th>${currencies.map((c) => html`<th scope="col" class="num">At stake ${c}</th>`)}</tr></thead>
<tbody>${trend.map(
    (p) => html`<tr><th scope="row">${p.date}</th><td class="num">${p.openBreaks}</td>${currencies.map((c) => html`<td class="num">${formatMoney(p.atStake.find((a) => a.currency === c)?.minor ?? 0n, c)}</td>`)}</tr>`,
  )}</tbody></table></details>`;
  return html`<div class="grid">${open}${stake}</div>${table}`;
}
