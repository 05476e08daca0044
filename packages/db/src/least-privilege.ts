// The deployment's two database roles (docs/operations.md, "Audit trail and least privilege"):
// an owner that runs the migrations and owns every object, and the fleet's role that reads and
// writes the data but may only read and append to audit_logs. Owning audit_logs is what would
// let a role disable its triggers, ALTER or TRUNCATE it; session_replication_role (which
// silences triggers) needs a superuser. So the fleet owns nothing and is no superuser.

export interface DatabaseRoles {
  /** Runs migrations (MIGRATION_DATABASE_URL) and owns the schema. Default recon_owner. */
  owner: string;
  /** Every fleet process and CLI (DATABASE_URL). Default recon_fleet. */
  fleet: string;
  /** The schema the migrations create the tables in. Default public. */
  schema?: string;
}

export const DEFAULT_DATABASE_ROLES: Required<DatabaseRoles> = { owner: "recon_owner", fleet: "recon_fleet", schema: "public" };

/** Lowercase, so the name needs no quoting where operators type it (psql, connection URLs). */
const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function checkName(what: string, name: string): string {
  if (!NAME.test(name)) throw new Error(`${what} "${name}" is not a plain lowercase SQL name (letters, digits, _; 63 at most)`);
  return `"${name}"`;
}

/** A SQL literal of a checked name (for pg_roles lookups). */
function literal(name: string): string {
  return `'${name}'`;
}

/**
 * The SQL that creates (or brings back in line) the two roles and their rights on the database
 * it runs in. Run it as a superuser (or the cloud provider's admin role) connected to the recon
 * database, after the migrations; running it again is harmless. It sets no passwords.
 */
export function leastPrivilegeSql(roles: DatabaseRoles = DEFAULT_DATABASE_ROLES): string {
  const owner = checkName("owner role", roles.owner);
  const fleet = checkName("fleet role", roles.fleet);
  const schemaName = roles.schema ?? DEFAULT_DATABASE_ROLES.schema;
  const schema = checkName("schema", schemaName);
  if (roles.owner === roles.fleet) throw new Error("the owner and fleet roles must differ: the fleet must not own what it writes");
  return `-- recon: least-privilege database roles (docs/operations.md, "Audit trail and least privilege").
-- Run as a superuser connected to the recon database, after the migrations. Safe to run again.
BEGIN;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${literal(roles.owner)}) THEN CREATE ROLE ${owner} LOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${literal(roles.fleet)}) THEN CREATE ROLE ${fleet} LOGIN; END IF;
END
$$;
-- Neither bypasses permissions, triggers (session_replication_role needs a superuser) or row security.
ALTER ROLE ${owner} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER ROLE ${fleet} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;

-- The owner owns the schema and everything in it, and runs the migrations.
ALTER SCHEMA ${schema} OWNER TO ${owner};
DO $$
DECLARE
    object RECORD;
BEGIN
    -- Tables (their indexes and serial sequences follow), then sequences no column owns.
    FOR object IN SELECT c.oid::regclass AS name FROM pg_class c
                   WHERE c.relnamespace = ${literal(schemaName)}::regnamespace AND c.relkind IN ('r', 'p') LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO ${owner}', object.name);
    END LOOP;
    FOR object IN SELECT c.oid::regclass AS name FROM pg_class c
                   WHERE c.relnamespace = ${literal(schemaName)}::regnamespace AND c.relkind = 'S'
                     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')) LOOP
        EXECUTE format('ALTER SEQUENCE %s OWNER TO ${owner}', object.name);
    END LOOP;
    FOR object IN SELECT p.oid::regprocedure AS name FROM pg_proc p WHERE p.pronamespace = ${literal(schemaName)}::regnamespace LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO ${owner}', object.name);
    END LOOP;
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO ${fleet}', current_database());
END
$$;

-- The fleet reads and writes the data (temporary tables included), and creates nothing.
REVOKE CREATE ON SCHEMA ${schema} FROM PUBLIC;
GRANT USAGE ON SCHEMA ${schema} TO ${fleet};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${fleet};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${fleet};
-- The audit log: read and append, nothing else (its triggers chain every insert).
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${schema}."audit_logs" FROM ${fleet};
-- The migration history: read only (\`recon run\` checks the database is up to date).
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${schema}."_prisma_migrations" FROM ${fleet};
-- Tables later migrations create get the same rights; a migration adding another append-only
-- table revokes what the fleet must not do on it, as above.
ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${fleet};
ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${fleet};

COMMIT;
-- Then give each role a way to log in (ALTER ROLE ${roles.owner} PASSWORD '…', or your provider's IAM or
-- certificate authentication): MIGRATION_DATABASE_URL names ${roles.owner}, DATABASE_URL names ${roles.fleet}.
`;
}
