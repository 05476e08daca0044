import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration } from "oidc-provider";

export interface TestAccount {
  /** Also the login name typed on the provider's sign-in form. */
  sub: string;
  email?: string;
  name?: string;
  groups?: string[];
}

export interface OidcTestProviderOptions {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Where the provider may send people after sign-out (the dashboard's public URL + "/"). */
  postLogoutRedirectUris?: string[];
  accounts: TestAccount[];
}

export interface OidcTestProvider {
  /** http://127.0.0.1:<port> */
  issuer: string;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1 for tests: its development sign-in
 * form takes any password, and the login name picks the account (an unknown name fails). Consent
 * is granted without asking, and the `groups` claim is released with the openid scope (in the
 * ID token too), as Okta or Entra ID do when configured for it.
 */
export async function startOidcTestProvider(options: OidcTestProviderOptions): Promise<OidcTestProvider> {
  let handle: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => {
    response.statusCode = 503;
    response.end();
  };
  const server = createServer((request, response) => handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map(options.accounts.map((account) => [account.sub, account]));

  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris ?? [],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: { openid: ["sub", "groups"], email: ["email", "email_verified"], profile: ["name"] },
    // Code flow puts scope claims in userinfo only unless told otherwise: put them in the ID token.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ["oidc-test-provider-cookie-key-not-secret"] },
    findAccount(_ctx, id) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          ...(account.email ? { email: account.email, email_verified: true } : {}),
          ...(account.name ? { name: account.name } : {}),
          ...(account.groups ? { groups: account.groups } : {}),
        }),
      };
    },
    // Consent granted automatically: a grant for everything asked, created on first sign-in.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope("openid email profile");
      grant.addOIDCClaims(["sub", "groups", "email", "email_verified", "name"]);
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, configuration);
  // The dev interactions warn on every start; tests have no use for that.
  provider.on("server_error", () => undefined);
  const callback = provider.callback();
  handle = (request, response) => void callback(request, response);
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
