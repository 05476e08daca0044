import type { Viewer } from "../auth/roles";
import { html } from "./html";
import { renderPage, type Section } from "./page-shell";

/** A page saying what was wrong with the request (400) or what is not there (404). */
export function renderProblemPage(viewer: Viewer, section: Section, title: string, problem: string, back?: { href: string; label: string }): string {
  return renderPage({
    title,
    section,
    viewer,
    body: html`<h1>${title}</h1><p class="banner error" role="alert">${problem}</p>${back ? html`<p><a href="${back.href}">${back.label}</a></p>` : ""}`,
  });
}
