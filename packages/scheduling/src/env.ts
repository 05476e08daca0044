import { PROCESSORS } from "@recon/domain";
import { fleetEnv } from "@recon/fleet";
import { scheduleEnv } from "@recon/runtime";
import { z } from "zod";
import { DAILY_SCHEDULER_ID, type Schedule } from "./schedule";

const scheduleSchema = z.object({
  /** Stable id: upserting the same id replaces that schedule instead of adding one. */
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, "lowercase letters, digits, '.', '_' or '-'"),
  /** Cron pattern, UTC. */
  cron: z.string().min(1),
  processors: z.array(z.enum(PROCESSORS)).min(1),
});
const schedulesSchema = z
  .array(scheduleSchema)
  .min(1)
  .refine((list) => new Set(list.map((schedule) => schedule.id)).size === list.length, { message: "schedule ids must be unique" });

/**
 * The schedules from configuration: SCHEDULES (JSON) when set, else the single daily schedule of
 * SCHEDULE_CRON and SCHEDULE_PROCESSORS. Errors name the variable and the bad field.
 */
export function parseSchedules(env: { SCHEDULES?: string | undefined; SCHEDULE_CRON: string; SCHEDULE_PROCESSORS: string }): Schedule[] {
  if (env.SCHEDULES === undefined) {
    const processors = z
      .array(z.enum(PROCESSORS))
      .min(1)
      .safeParse(env.SCHEDULE_PROCESSORS.split(",").map((name) => name.trim()));
    if (!processors.success) {
      throw new Error(`invalid configuration: SCHEDULE_PROCESSORS: expected a comma-separated list of ${PROCESSORS.join(", ")}`);
    }
    return [{ id: DAILY_SCHEDULER_ID, cron: env.SCHEDULE_CRON, processors: processors.data }];
  }
  let raw: unknown;
  try {
    raw = JSON.parse(env.SCHEDULES);
  } catch (error) {
    throw new Error(`invalid configuration: SCHEDULES is not JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = schedulesSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${["SCHEDULES", ...issue.path].join(".")}: ${issue.message}`);
    throw new Error(`invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  return parsed.data;
}

const optionalString = z.preprocess((value) => (value === "" ? undefined : value), z.string().min(1).optional());

/**
 * The queue backlog the scheduler publishes to CloudWatch for ECS service autoscaling
 * (docs/deploy-ecs.md). Off unless BACKLOG_METRICS_NAMESPACE is set: outside AWS nothing is sent.
 */
export const backlogMetricsEnv = z.object({
  /** CloudWatch namespace of the Backlog, Workers and BacklogPerWorker metrics, e.g. `Recon`. Unset: not published. */
  BACKLOG_METRICS_NAMESPACE: optionalString,
  /** How often they are published, ms. Default 60000 (CloudWatch's standard resolution). */
  BACKLOG_METRICS_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
  /** Region of CloudWatch; required with BACKLOG_METRICS_NAMESPACE. */
  AWS_REGION: optionalString,
  /** Another CloudWatch endpoint (tests, an interface VPC endpoint's DNS name). Default: the region's. */
  CLOUDWATCH_ENDPOINT: z.preprocess((value) => (value === "" ? undefined : value), z.url().optional()),
});

/** The scheduler's configuration: the fleet's plus its schedules and the backlog metrics. */
export const schedulerEnv = fleetEnv
  .extend(scheduleEnv.shape)
  .extend(backlogMetricsEnv.shape)
  .refine((env) => env.BACKLOG_METRICS_NAMESPACE === undefined || env.AWS_REGION !== undefined, {
    message: "BACKLOG_METRICS_NAMESPACE needs AWS_REGION (the region whose CloudWatch receives the metrics)",
    path: ["AWS_REGION"],
  })
  .transform((env) => {
    const schedules = parseSchedules(env);
    return {
      ...env,
      schedules,
      /** The first schedule's processors (kept for callers of the single-schedule shape). */
      scheduleProcessors: schedules[0]!.processors,
    };
  });
