import type { Response } from "express";
import { html } from "../web/html";

/**
 * A page about signing in (refused, failed, expired): standalone, since there is no viewer to
 * show in the header, and styled like the rest.
 */
export function sendAuthPage(response: Response, status: number, title: string, message: string, signInLink = true): void {
  response
    .status(status)
    .type("html")
    .set("Cache-Control", "no-store")
    .send(
      html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · recon</title><link rel="stylesheet" href="/assets/app.css"></head>
<body><main id="main"><h1>${title}</h1><p class="banner error" role="alert">${message}</p>
${signInLink ? html`<p><a href="/auth/login">Sign in again</a></p>` : ""}</main></body></html>`.text,
    );
}
