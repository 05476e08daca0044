import { userInfo } from "node:os";
import { actorName } from "@recon/runtime";
import { UsageError } from "../usage-error";

/** The OS login of this process; throws when the user has no name (a container's bare uid). */
const osUserName = (): string => userInfo().username;

/**
 * Who is acting, as audit entries record it: `cli:<RECON_ACTOR>` (already validated by
 * actorEnv), or `cli:<OS user>` when it is unset. It comes from configuration, never from an
 * argument, so a command line cannot write someone else's name into the audit log; the OS name
 * is held to the same rule as RECON_ACTOR.
 */
export function cliActor(configured: string | undefined, osUser: () => string = osUserName): string {
  if (configured !== undefined) return `cli:${configured}`;
  let name: string;
  try {
    name = osUser();
  } catch (error) {
    throw new UsageError(`set RECON_ACTOR: the OS user of this process has no name (${(error as Error).message})`);
  }
  const checked = actorName.safeParse(name);
  if (!checked.success) {
    throw new UsageError(`set RECON_ACTOR: the OS user name "${name}" is not usable as the actor (${checked.error.issues[0]?.message})`);
  }
  return `cli:${name}`;
}
