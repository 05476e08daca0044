import type { FleetContext } from "@recon/fleet";

/**
 * How far past its day a slice may reach, ms: the grace period a run reads into its neighbouring
 * days (RECONCILE_GRACE_MINUTES), the same setting the reconcile worker reads with.
 */
export function graceMsOf(ctx: FleetContext): number {
  return ctx.config.RECONCILE_GRACE_MINUTES * 60_000;
}
