import { DEFAULT_DATABASE_ROLES, leastPrivilegeSql } from "@recon/db";
import type { Command } from "commander";
import { UsageError } from "../usage-error";

interface DbRolesOptions {
  owner: string;
  fleet: string;
  schema: string;
}

/** `recon db roles`: prints the least-privilege roles' SQL, for a superuser to review and run. */
function dbRolesCommand(options: DbRolesOptions): number {
  let sql: string;
  try {
    sql = leastPrivilegeSql(options);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  process.stdout.write(sql);
  return 0;
}

/** Registers `recon db roles`. */
export function registerDbCommand(program: Command): void {
  const db = program.command("db").description("database administration");
  db.command("roles")
    .description("print the SQL creating the owner role (migrations) and the fleet role (append-only audit log); run it as a superuser: recon db roles | psql <admin URL>")
    .option("--owner <name>", "the role that runs migrations and owns the schema", DEFAULT_DATABASE_ROLES.owner)
    .option("--fleet <name>", "the role every fleet process connects as", DEFAULT_DATABASE_ROLES.fleet)
    .option("--schema <name>", "the schema the tables are in", DEFAULT_DATABASE_ROLES.schema)
    .action((options: DbRolesOptions) => {
      process.exitCode = dbRolesCommand(options);
    });
}
