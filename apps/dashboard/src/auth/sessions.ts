import RedisStore from "connect-redis";
import type { RequestHandler } from "express";
import session from "express-session";
import type { QueueSet } from "@recon/queue";
import "./session-data";
import type { SessionSettings } from "./session-settings";

export const SESSION_COOKIE = "recon.sid";

/** The Redis keys of the dashboard's sessions: under the fleet's queue prefix, so each test (and each fleet) has its own. */
export function sessionKeyPrefix(queuePrefix: string): string {
  return `${queuePrefix}:dashboard:session:`;
}

/**
 * Server-side sessions in Redis; the cookie holds only the signed id. httpOnly (no script reads
 * it), SameSite=Lax (a cross-site POST arrives without it), Secure when the public URL is https
 * (then TLS may end at a proxy: `proxy` trusts its X-Forwarded-Proto).
 */
export function sessions(settings: SessionSettings, redis: QueueSet["connection"], queuePrefix: string): RequestHandler {
  const maxAgeMs = settings.maxAgeMinutes * 60_000;
  return session({
    name: SESSION_COOKIE,
    secret: settings.secret,
    store: new RedisStore({ client: redis, prefix: sessionKeyPrefix(queuePrefix), ttl: Math.ceil(maxAgeMs / 1000) }),
    resave: false,
    saveUninitialized: false,
    proxy: settings.secureCookie ? true : undefined,
    cookie: { httpOnly: true, sameSite: "lax", secure: settings.secureCookie, maxAge: maxAgeMs, path: "/" },
  });
}

/**
 * Ends a signed-in session past its absolute lifetime or idle too long, on the server: a stolen or
 * forgotten cookie stops working whatever its own expiry says. The person signs in again.
 */
export function sessionLifetime(settings: SessionSettings, now: () => number = Date.now): RequestHandler {
  return (request, _response, next) => {
    const user = request.session?.user;
    if (!user) return next();
    const time = now();
    const expired =
      time - user.signedInAt > settings.maxAgeMinutes * 60_000 || time - user.lastSeenAt > settings.idleMinutes * 60_000;
    if (!expired) {
      user.lastSeenAt = time;
      return next();
    }
    request.session.regenerate((error) => next(error));
  };
}
