// Which sources a process may fetch from: real credentials, or the sandbox on request, never a
// silent mix of the two.
import { PROCESSORS, type Processor, type Source } from "@recon/domain";
import { credentialsOf, hasCredentials as hasAll, SOURCE_LOCATION_SETTINGS } from "@recon/sources";
import type { FleetConfig } from "./env";

type SourceSettings = Pick<FleetConfig, "RECON_SANDBOX"> & Readonly<Record<string, unknown>>;

/** Which sources a fetching process must be able to reach before it starts. */
export interface SourceNeeds {
  /**
   * The processors that must have credentials (`recon run --processors`). Default: at least
   * one; a processor left without them fails its slices, naming what to set.
   */
  processors?: readonly Processor[];
  /**
   * How the message names the sandbox switch. Default "RECON_SANDBOX=true"; the CLI says
   * "--sandbox".
   */
  sandboxSwitch?: string;
}

const DEFAULT_SWITCH = "RECON_SANDBOX=true";

/** True when the source has the credentials a real connection needs (INTERNAL_API_TOKEN is the ledger's own business). */
export function hasCredentials(config: SourceSettings, source: Source): boolean {
  return hasAll(config, credentialsOf(source));
}

/** "STRIPE_API_KEY", "PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET": what to set for a source. */
export function credentialsToSet(source: Source): string {
  return credentialsOf(source).join(" and ");
}

function joinAnd(items: readonly string[], last = "and"): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} ${last} ${items.at(-1)}`;
}

/**
 * Refuses, before anything connects, a fetching process that cannot fetch what it is for: in a
 * sandbox, any source variable set (a real key beside generated data is the bug this prevents);
 * otherwise the ledger or the needed processors without credentials. Each message names the
 * variables to set or unset.
 */
export function checkSourceCredentials(config: SourceSettings, needs: SourceNeeds = {}): void {
  const sandboxSwitch = needs.sandboxSwitch ?? DEFAULT_SWITCH;
  if (config.RECON_SANDBOX) {
    const set = SOURCE_LOCATION_SETTINGS.filter((name) => Boolean(config[name]));
    if (set.length > 0) {
      throw new Error(
        `${sandboxSwitch} runs every source on the built-in emulators with generated data, but ${joinAnd(set)} ${set.length === 1 ? "is" : "are"} set: ` +
          `real and generated data are never mixed; unset ${set.length === 1 ? "it" : "them"}, or drop ${sandboxSwitch} to use the real sources`,
      );
    }
    return;
  }
  const missing: string[] = [];
  if (!hasCredentials(config, "internal")) missing.push(`the ledger needs ${credentialsToSet("internal")} (and INTERNAL_API_TOKEN if it asks for one)`);
  if (needs.processors) {
    for (const processor of needs.processors) {
      if (!hasCredentials(config, processor)) missing.push(`${processor} needs ${credentialsToSet(processor)}`);
    }
  } else if (!PROCESSORS.some((processor) => hasCredentials(config, processor))) {
    missing.push(`no processor has credentials: set ${joinAnd(PROCESSORS.map(credentialsToSet), "or")}`);
  }
  if (missing.length > 0) {
    throw new Error(
      `missing source credentials: ${missing.join("; ")}. ` +
        `For the built-in emulators with generated data instead (kept in their own database), use ${sandboxSwitch}`,
    );
  }
}
