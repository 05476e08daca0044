// The page for a request the breaks pages cannot serve (400: bad input, 404: no such break,
// 409: a state change refused): says what was wrong, and links back.
import type { Viewer } from "../../auth/roles";
import { html } from "../../web/html";
import { renderPage } from "../../web/page-shell";

const TITLES: Record<number, string> = { 400: "Bad request", 404: "Not found", 409: "Not changed" };

export function renderProblemPage(viewer: Viewer, status: number, problem: string, back = "/breaks"): string {
  const title = TITLES[status] ?? "Problem";
  const body = html`<h1>${title}</h1><p class="banner error" role="alert">${problem}</p><p><a href="${back}">Back to breaks</a></p>`;
  return renderPage({ title, section: "breaks", viewer, body });
}
