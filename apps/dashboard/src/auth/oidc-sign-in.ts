import { actorName } from "@recon/runtime";
import { Router, type Request } from "express";
import * as client from "openid-client";
import { sendAuthPage } from "./auth-page";
import { expectedGroups, groupsOf, roleFromGroups } from "./group-roles";
import type { OidcSettings } from "./oidc-settings";
import { safeReturnTo } from "./return-to";
import "./session-data";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Plain http to the provider only on this machine (the test provider); anywhere else it must be https. */
function discoveryOptions(issuer: URL): client.DiscoveryRequestOptions | undefined {
  if (issuer.protocol === "http:" && LOOPBACK_HOSTS.has(issuer.hostname)) return { execute: [client.allowInsecureRequests] };
  return undefined;
}

/** <public URL>/auth/callback, also behind a path prefix. */
function redirectUri(settings: Pick<OidcSettings, "publicUrl">): string {
  return `${settings.publicUrl.href.replace(/\/+$/, "")}/auth/callback`;
}

/** The provider's metadata, fetched once; a failure is retried by the next caller. */
export function providerDiscovery(settings: OidcSettings): () => Promise<client.Configuration> {
  let discovered: Promise<client.Configuration> | undefined;
  return () => {
    discovered ??= client
      .discovery(settings.issuer, settings.clientId, undefined, client.ClientSecretBasic(settings.clientSecret), discoveryOptions(settings.issuer))
      .catch((error: unknown) => {
        discovered = undefined;
        // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND…) is in its cause.
        const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
        const reason = `${error instanceof Error ? error.message : String(error)}${typeof code === "string" ? ` (${code})` : ""}`;
        throw new Error(`OIDC discovery at ${settings.issuer.href} failed: ${reason}`, { cause: error });
      });
    return discovered;
  };
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

function saveSession(request: Request): Promise<void> {
  return new Promise((resolve, reject) => request.session.save((error) => (error ? reject(asError(error)) : resolve())));
}

function regenerateSession(request: Request): Promise<void> {
  return new Promise((resolve, reject) => request.session.regenerate((error) => (error ? reject(asError(error)) : resolve())));
}

/** The claims of the ID token, completed by userinfo when the groups claim is not in it (some providers only put it there). */
async function claimsOf(config: client.Configuration, tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers, groupsClaim: string) {
  const idClaims = tokens.claims();
  if (!idClaims) throw new Error("the provider sent no ID token");
  const claims: Record<string, unknown> = { ...idClaims };
  if (!(groupsClaim in claims) && config.serverMetadata().userinfo_endpoint) {
    const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    Object.assign(claims, info, { sub: idClaims.sub });
  }
  return claims;
}

/**
 * GET /auth/login and GET /auth/callback: the authorization code flow with PKCE, state and nonce.
 * The role comes from the configured groups claim; the session id is regenerated at sign-in, so
 * an id planted before (session fixation) is worth nothing after.
 */
export function oidcSignInRoutes(settings: OidcSettings, discover: () => Promise<client.Configuration>): Router {
  const router = Router();
  const callbackUri = redirectUri(settings);

  router.get("/auth/login", async (request, response, next) => {
    try {
      const config = await discover();
      const codeVerifier = client.randomPKCECodeVerifier();
      const login = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier,
        returnTo: safeReturnTo(request.query.returnTo),
      };
      request.session.login = login;
      await saveSession(request);
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: callbackUri,
        scope: settings.scopes,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: "S256",
        state: login.state,
        nonce: login.nonce,
      });
      response.redirect(303, url.href);
    } catch (error) {
      next(error);
    }
  });

  router.get("/auth/callback", async (request, response, next) => {
    const login = request.session.login;
    if (!login) {
      sendAuthPage(response, 400, "Sign-in failed", "No sign-in was under way in this browser (or it took too long): start again.");
      return;
    }
    delete request.session.login;
    let claims: Record<string, unknown>;
    let idToken: string | undefined;
    try {
      const config = await discover();
      const currentUrl = new URL(`${callbackUri}${request.originalUrl.slice(request.path.length)}`);
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: login.codeVerifier,
        expectedState: login.state,
        expectedNonce: login.nonce,
        idTokenExpected: true,
      });
      idToken = tokens.id_token;
      claims = await claimsOf(config, tokens, settings.groups.claim);
    } catch (error) {
      if (error instanceof client.ResponseBodyError || error instanceof client.AuthorizationResponseError || error instanceof client.ClientError) {
        sendAuthPage(response, 400, "Sign-in failed", `The provider's answer was refused: ${error.message}`);
        return;
      }
      next(error);
      return;
    }
    const groups = groupsOf(claims, settings.groups.claim);
    const role = roleFromGroups(groups, settings.groups);
    if (!role) {
      sendAuthPage(
        response,
        403,
        "Not allowed",
        `Your account is in none of the dashboard's groups: the claim "${settings.groups.claim}" must contain one of (${expectedGroups(settings.groups)}). Ask an administrator to add you to one.`,
        false,
      );
      return;
    }
    // An unverified email could be anyone's: then the subject identifies the person.
    const email = typeof claims.email === "string" && claims.email_verified !== false ? claims.email : undefined;
    const actor = actorName.safeParse(`web:${email ?? String(claims.sub)}`);
    if (!actor.success) {
      sendAuthPage(response, 403, "Not allowed", "Your account's email or subject cannot name you in the audit log (1-64 printable characters).", false);
      return;
    }
    const name = typeof claims.name === "string" && claims.name.trim() !== "" ? claims.name : (email ?? String(claims.sub));
    try {
      await regenerateSession(request);
      const now = Date.now();
      request.session.user = { actor: actor.data, name, role, idToken, signedInAt: now, lastSeenAt: now };
      await saveSession(request);
      response.redirect(303, login.returnTo);
    } catch (error) {
      next(error);
    }
  });
  return router;
}

/** Where sign-out sends the browser: the provider's end_session endpoint when it has one, else home. */
export async function signOutTarget(
  settings: OidcSettings,
  discover: () => Promise<client.Configuration>,
  idToken: string | undefined,
): Promise<string> {
  const config = await discover();
  if (!config.serverMetadata().end_session_endpoint) return "/";
  const parameters: Record<string, string> = {
    post_logout_redirect_uri: `${settings.publicUrl.href.replace(/\/+$/, "")}/`,
    client_id: settings.clientId,
  };
  if (idToken) parameters.id_token_hint = idToken;
  return client.buildEndSessionUrl(config, parameters).href;
}
