const BASE = "http://dashboard.invalid";
/** Going back to these after sign-in would loop or sign out again. */
const SIGN_IN_ROUTES = new Set(["/auth/login", "/auth/callback", "/auth/logout"]);

/**
 * Where to go after sign-in: a path on this dashboard only. Anything that would leave it
 * ("//evil.example", "https://evil.example", "/\\evil.example", control characters) and the
 * sign-in routes themselves become "/", so /auth/login cannot be used as an open redirect.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//")) return "/";
  // Browsers read "\" as "/" and drop tabs and newlines: refuse them rather than guess.
  if (/[\\\p{C}]/u.test(value)) return "/";
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE || SIGN_IN_ROUTES.has(url.pathname)) return "/";
  return `${url.pathname}${url.search}`;
}
