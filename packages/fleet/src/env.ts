import {
  alertEnv,
  databaseEnv,
  fetchEnv,
  fetchRateEnv,
  logEnv,
  reconcileEnv,
  redisEnv,
  reportsEnv,
  s3Env,
  watchdogEnv,
  workerEnv,
} from "@recon/runtime";
import { sourcesEnv } from "@recon/sources";
import type { z } from "zod";

/** Everything a worker process of the fleet needs; each app parses it once in main.ts. */
export const fleetEnv = databaseEnv
  .extend(redisEnv.shape)
  .extend(logEnv.shape)
  .extend(sourcesEnv.shape)
  .extend(fetchRateEnv.shape)
  .extend(reportsEnv.shape)
  .extend(fetchEnv.shape)
  .extend(workerEnv.shape)
  .extend(s3Env.shape)
  .extend(alertEnv.shape)
  .extend(reconcileEnv.shape)
  .extend(watchdogEnv.shape);

export type FleetConfig = z.infer<typeof fleetEnv>;
