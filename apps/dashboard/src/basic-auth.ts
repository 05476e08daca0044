import { createHash, timingSafeEqual } from "node:crypto";
import type { DashboardCredentials } from "./env";

/** Digests first, so the comparison takes the same time whatever the lengths of the inputs. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Checks a `Basic` Authorization header against the credentials, in constant time. */
export function credentialsMatch(header: string | undefined, credentials: DashboardCredentials): boolean {
  if (!header?.startsWith("Basic ")) return false;
  const decoded = Buffer.from(header.slice("Basic ".length).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return false;
  // Both halves are always compared, so a wrong user takes as long as a wrong password.
  const userOk = sameSecret(decoded.slice(0, colon), credentials.user);
  const passwordOk = sameSecret(decoded.slice(colon + 1), credentials.password);
  return userOk && passwordOk;
}
