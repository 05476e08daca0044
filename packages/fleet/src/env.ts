import {
  alertEnv,
  databaseEnv,
  fetchEnv,
  fetchRateEnv,
  ledgerEnv,
  logEnv,
  paypalEnv,
  reconcileEnv,
  redisEnv,
  reportsEnv,
  s3Env,
  squareEnv,
  stripeEnv,
  watchdogEnv,
  workerEnv,
} from "@recon/runtime";
import type { z } from "zod";

/** Everything a worker process of the fleet needs; each app parses it once in main.ts. */
export const fleetEnv = databaseEnv
  .extend(redisEnv.shape)
  .extend(logEnv.shape)
  .extend(stripeEnv.shape)
  .extend(paypalEnv.shape)
  .extend(squareEnv.shape)
  .extend(fetchRateEnv.shape)
  .extend(ledgerEnv.shape)
  .extend(reportsEnv.shape)
  .extend(fetchEnv.shape)
  .extend(workerEnv.shape)
  .extend(s3Env.shape)
  .extend(alertEnv.shape)
  .extend(reconcileEnv.shape)
  .extend(watchdogEnv.shape);

export type FleetConfig = z.infer<typeof fleetEnv>;
