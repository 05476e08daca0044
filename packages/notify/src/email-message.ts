import { DISCREPANCY_KINDS } from "@recon/domain";
import { moneyLines } from "./money-lines";
import type { RunAlert } from "./run-alert";

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

/** The alert email: the legacy subject, a plain-text part and an HTML part with the same content. */
export function buildEmailMessage(alert: RunAlert): EmailMessage {
  const text: string[] = [
    alert.subject,
    "",
    ...(alert.sandboxNotice ? [alert.sandboxNotice, ""] : []),
    alert.summary,
    `Severity: ${alert.severity.toUpperCase()}`,
    `Run id: ${alert.runId}`,
    "",
  ];
  const html: string[] = [
    ...(alert.sandboxNotice ? [`<p style="padding: 8px; border: 2px solid #b26a00; background: #fff4e0"><strong>${escapeHtml(alert.sandboxNotice)}</strong></p>`] : []),
    `<h2>${escapeHtml(alert.subject)}</h2>`,
    `<p>${escapeHtml(alert.summary)}</p>`,
    `<p><strong>Severity:</strong> ${escapeHtml(alert.severity.toUpperCase())}<br><strong>Run id:</strong> ${escapeHtml(alert.runId)}</p>`,
  ];
  if (alert.status === "failed") {
    text.push("Error:", alert.error ?? "", "");
    html.push(`<p><strong>Error:</strong></p><pre>${escapeHtml(alert.error ?? "")}</pre>`);
  } else {
    const counts = alert.counts!;
    text.push("Discrepancies by kind:", ...DISCREPANCY_KINDS.map((kind) => `  ${kind}: ${counts[kind]}`), "");
    html.push(
      `<table><thead><tr><th align="left">kind</th><th align="right">count</th></tr></thead><tbody>${DISCREPANCY_KINDS.map(
        (kind) => `<tr><td>${kind}</td><td align="right">${counts[kind]}</td></tr>`,
      ).join("")}</tbody></table>`,
    );
    const money = moneyLines(alert.totalsByCurrency);
    text.push("Money at stake:", ...(money.length > 0 ? money.map((line) => `  ${line}`) : ["  none"]), "");
    html.push(
      `<p><strong>Money at stake:</strong></p><ul>${(money.length > 0 ? money : ["none"]).map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ul>`,
    );
    if (alert.reportUrl) {
      text.push(`Report (link valid 24 hours): ${alert.reportUrl}`, "");
      html.push(`<p><a href="${escapeHtml(alert.reportUrl)}">Open the report</a> (link valid 24 hours)</p>`);
    } else if (alert.reportNote) {
      text.push(`Report: ${alert.reportNote}`, "");
      html.push(`<p><strong>Report:</strong> ${escapeHtml(alert.reportNote)}</p>`);
    }
  }
  text.push("Suggested actions:", ...alert.actions.map((action) => `  - ${action}`));
  html.push(
    `<p><strong>Suggested actions:</strong></p><ul>${alert.actions.map((a) => `<li>${escapeHtml(a)}</li>`).join("")}</ul>`,
  );
  return {
    subject: alert.subject,
    text: `${text.join("\n")}\n`,
    html: `<!doctype html><html><body style="font-family: sans-serif">${html.join("\n")}</body></html>`,
  };
}
