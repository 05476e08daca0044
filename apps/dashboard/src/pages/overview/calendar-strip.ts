import type { OverviewDay, ProcessorStrip } from "@recon/db";
import { html, type SafeHtml } from "../../web/html";
import { moneyList } from "../runs/money";

/** The day's class: its run's status, and `breaks` for a completed run that found some. */
function dayClass(day: OverviewDay): string {
  if (day.run === null) return "day-none";
  const status = ["completed", "failed", "running"].includes(day.run.status) ? day.run.status : "none";
  return day.run.status === "completed" && day.run.discrepancies > 0 ? `day-${status} breaks` : `day-${status}`;
}

/** "2025-10-09 stripe: completed, 7 breaks, 12.50 USD at stake" (or "no run"). */
function dayName(processor: string, day: OverviewDay): string {
  if (day.run === null) return `${day.date} ${processor}: no run`;
  const breaks = `${day.run.discrepancies} ${day.run.discrepancies === 1 ? "break" : "breaks"}`;
  const stake = moneyList(day.run.atStake);
  return `${day.date} ${processor}: ${day.run.status}, ${breaks}, ${stake === "none" ? "nothing" : stake} at stake${day.run.sandbox ? " (SANDBOX)" : ""}`;
}

/** One processor's 30 days, oldest first: each day with a run links to it. */
export function renderCalendarStrip(strip: ProcessorStrip): SafeHtml {
  return html`<h3>${strip.processor}</h3><ol class="calendar" aria-label="${strip.processor}, last 30 days">${strip.days.map((day) => {
    const name = dayName(strip.processor, day);
    return html`<li>${
      day.run === null
        ? html`<span class="${dayClass(day)}" role="img" aria-label="${name}" title="${name}"></span>`
        : html`<a class="${dayClass(day)}" href="/runs/${day.run.id}" aria-label="${name}" title="${name}"></a>`
    }</li>`;
  })}</ol>`;
}

export function renderCalendarLegend(): SafeHtml {
  const items = [
    ["day-completed", "completed, no breaks"],
    ["day-completed breaks", "completed with breaks"],
    ["day-failed", "failed"],
    ["day-running", "running"],
    ["day-none", "no run"],
  ];
  return html`<ul class="legend" aria-label="Legend">${items.map(([cls, label]) => html`<li><i class="${cls!}" aria-hidden="true"></i>${label!}</li>`)}</ul>`;
}
