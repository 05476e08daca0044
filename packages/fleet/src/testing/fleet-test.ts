import { parseEnv } from "@recon/runtime";
import { dbTest, deleteKeysUnder, silentLogger, testRedisUrl, uniquePrefix } from "@recon/testing";
import { createFleetContext } from "../context";
import { fleetEnv } from "../env";

/**
 * `dbTest` with `fleet`: a FleetContext for the test file on its fresh database, the test Redis
 * and a queue prefix of its own, with a silent logger; closed, and its keys deleted, after the
 * file. `fleetVariables` configures it beyond those (default none): in a file,
 * `fleetTest.override("fleetVariables", { RECONCILE_PARTITION_RECORDS: "100" })`.
 */
export const fleetTest = dbTest
  .extend("fleetVariables", { scope: "file" }, {} as Record<string, string>)
  .extend("fleet", { scope: "file" }, async ({ database, fleetVariables }, { onCleanup }) => {
    const prefix = uniquePrefix("fleet");
    const config = parseEnv(fleetEnv, {
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      ...fleetVariables,
    });
    const fleet = await createFleetContext(config, silentLogger(), { app: "fleet-test" });
    onCleanup(async () => {
      await deleteKeysUnder(fleet.queues.connection, prefix);
      await fleet.close();
    });
    return fleet;
  });
