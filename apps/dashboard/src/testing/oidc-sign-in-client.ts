/** Cookies by host:port, as a browser keeps them (enough for tests: no paths, no expiry). */
export class CookieJar {
  private readonly byHost = new Map<string, Map<string, string>>();

  store(url: string, response: Response): void {
    const host = new URL(url).host;
    const cookies = this.byHost.get(host) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const equals = pair.indexOf("=");
      if (equals < 0) continue;
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      if (value === "" || /expires=Thu, 01 Jan 1970/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
    this.byHost.set(host, cookies);
  }

  header(url: string): string {
    return [...(this.byHost.get(new URL(url).host) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  get(url: string, name: string): string | undefined {
    return this.byHost.get(new URL(url).host)?.get(name);
  }

  set(url: string, name: string, value: string): void {
    const host = new URL(url).host;
    this.byHost.set(host, (this.byHost.get(host) ?? new Map<string, string>()).set(name, value));
  }
}

export interface Hop {
  url: string;
  status: number;
}

/** One request with the jar's cookies, without following redirects. */
export async function fetchWithJar(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const cookie = jar.header(url);
  if (cookie) headers.set("cookie", cookie);
  const response = await fetch(url, { ...init, headers, redirect: "manual" });
  jar.store(url, response);
  return response;
}

const LOGIN_FORM = /<form[^>]*action="([^"]+)"[^>]*method="post">\s*<input type="hidden" name="prompt" value="login"\/>/;

/**
 * Follows redirects from `url` like a browser, submitting the test provider's sign-in form with
 * `login` when it shows up, until a page that is not a redirect: the final response and every hop.
 */
export async function browse(jar: CookieJar, url: string, login: string): Promise<{ response: Response; url: string; hops: Hop[] }> {
  const hops: Hop[] = [];
  let current = url;
  let init: RequestInit = {};
  for (let step = 0; step < 20; step += 1) {
    const response = await fetchWithJar(jar, current, init);
    hops.push({ url: current, status: response.status });
    init = {};
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      current = new URL(location, current).href;
      continue;
    }
    if (response.status === 200 && (response.headers.get("content-type") ?? "").includes("html")) {
      const text = await response.text();
      const form = LOGIN_FORM.exec(text);
      if (form) {
        current = new URL(form[1]!, current).href;
        init = {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ prompt: "login", login, password: "any" }).toString(),
        };
        continue;
      }
      return { response: new Response(text, { status: response.status, headers: response.headers }), url: current, hops };
    }
    return { response, url: current, hops };
  }
  throw new Error(`more than 20 redirects from ${url}: ${hops.map((hop) => `${hop.status} ${hop.url}`).join(" → ")}`);
}

export interface SignedIn {
  jar: CookieJar;
  /** Where the sign-in ended and how. */
  landed: { response: Response; url: string; hops: Hop[] };
  /** A request to the dashboard with the session cookie (redirects not followed). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** The session's CSRF token and who the dashboard says is signed in (GET /auth/me). */
  me(): Promise<{ actor: string; name: string; role: string; csrfToken: string }>;
}

/**
 * Signs in to a dashboard through its OIDC provider (the test provider from
 * oidc-test-provider.ts) as the account whose sub is `login`, starting at /auth/login?returnTo=…
 */
export async function signInThroughProvider(dashboardUrl: string, login: string, returnTo = "/auth/me"): Promise<SignedIn> {
  const jar = new CookieJar();
  const landed = await browse(jar, `${dashboardUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`, login);
  return {
    jar,
    landed,
    fetch: (path, init) => fetchWithJar(jar, `${dashboardUrl}${path}`, init),
    async me() {
      const response = await fetchWithJar(jar, `${dashboardUrl}/auth/me`);
      if (response.status !== 200) throw new Error(`GET /auth/me answered ${response.status}: not signed in`);
      return (await response.json()) as { actor: string; name: string; role: string; csrfToken: string };
    },
  };
}
