import type { GroupRoles } from "./group-roles";

/** One OpenID Connect provider and this dashboard's registration there. */
export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** Where people reach the dashboard: the redirect URI is <it>/auth/callback. */
  publicUrl: URL;
  /** Space-separated, e.g. "openid email profile". */
  scopes: string;
  groups: GroupRoles;
}
