import { CookieJar, fetchWithJar } from "./oidc-sign-in-client";

export interface SandboxSession {
  get(path: string): Promise<Response>;
  /** Posts the form with this session's CSRF token (unless `withoutCsrf`), as the page's own form would. */
  post(path: string, form: [string, string][], options?: { withoutCsrf?: boolean }): Promise<Response>;
  csrfToken: string;
}

/**
 * A session on a dashboard without sign-in (a declared sandbox): its cookie kept, its CSRF token
 * read from /auth/me, so route tests post exactly as the pages' forms do.
 */
export async function openSandboxSession(dashboardUrl: string): Promise<SandboxSession> {
  const jar = new CookieJar();
  const me = await fetchWithJar(jar, `${dashboardUrl}/auth/me`);
  if (me.status !== 200) throw new Error(`/auth/me answered ${me.status}: is this a sandbox dashboard?`);
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  return {
    csrfToken,
    get: (path) => fetchWithJar(jar, `${dashboardUrl}${path}`),
    post: (path, form, options = {}) =>
      fetchWithJar(jar, `${dashboardUrl}${path}`, {
        method: "POST",
        body: new URLSearchParams([...form.filter(([name]) => name !== "_csrf"), ...(options.withoutCsrf ? [] : [["_csrf", csrfToken] as [string, string]])]),
      }),
  };
}
