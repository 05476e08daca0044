/** The session cookie and its lifetimes, enforced on the server (the cookie's own expiry is a hint). */
export interface SessionSettings {
  /** Signs the cookie. */
  secret: string;
  /** Secure cookie: DASHBOARD_PUBLIC_URL is https. */
  secureCookie: boolean;
  /** Absolute lifetime from sign-in. */
  maxAgeMinutes: number;
  /** Ends a session unused this long. */
  idleMinutes: number;
}
