import type { Role } from "./roles";

/** Who signed in, kept in the server-side session (Redis), never in the cookie. */
interface SignedInUser {
  actor: string;
  name: string;
  role: Role;
  /** Sent to the provider's end_session endpoint as id_token_hint at sign-out. */
  idToken: string | undefined;
  signedInAt: number;
  lastSeenAt: number;
}

/** A sign-in under way: what the callback must find again (RFC 9700: PKCE, state and nonce). */
interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

declare module "express-session" {
  interface SessionData {
    user?: SignedInUser;
    login?: PendingLogin;
  }
}
