import { PROCESSORS } from "@recon/domain";
import { fleetEnv } from "@recon/fleet";
import { scheduleEnv } from "@recon/runtime";
import { z } from "zod";

/** The scheduler's configuration: the fleet's plus the daily schedule. */
export const schedulerEnv = fleetEnv.extend(scheduleEnv.shape).transform((env) => ({
  ...env,
  scheduleProcessors: z
    .array(z.enum(PROCESSORS))
    .min(1)
    .parse(env.SCHEDULE_PROCESSORS.split(",").map((name) => name.trim())),
}));
