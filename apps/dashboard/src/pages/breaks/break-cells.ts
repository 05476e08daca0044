// Small pieces the breaks pages share: an amount in its currency's exponent, a status badge.
import type { BreakRow } from "@recon/db";
import { formatMoney } from "@recon/domain";
import { html, type SafeHtml } from "../../web/html";

/** "1.234 KWD", "1000 JPY": each currency's own exponent. */
export function breakAmount(b: Pick<BreakRow, "amountAtRiskMinor" | "currency">): string {
  return formatMoney(b.amountAtRiskMinor, b.currency);
}

/** open, or resolved with how (manual, auto, superseded): the word is there, not only the colour. */
export function statusBadge(b: Pick<BreakRow, "status" | "resolution">): SafeHtml {
  return b.status === "open"
    ? html`<span class="badge open">open</span>`
    : html`<span class="badge resolved">resolved${b.resolution ? ` (${b.resolution})` : ""}</span>`;
}
