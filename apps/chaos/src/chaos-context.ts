import type { Pool } from "pg";
import type { FleetProcesses } from "./fleet-processes";
import type { Infra } from "./infra";
import type { QueueProbe } from "./queue-probe";

/** What a phase acts on: the infrastructure, the fleet's processes, its queues and its database. */
export interface ChaosContext {
  infra: Infra;
  fleet: FleetProcesses;
  probe: QueueProbe;
  pool: Pool;
  /** Prints one progress line (stderr, so stdout keeps only the figures). */
  log(line: string): void;
}
