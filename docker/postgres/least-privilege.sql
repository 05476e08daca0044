-- recon: least-privilege database roles (docs/operations.md, "Audit trail and least privilege").
-- Run as a superuser connected to the recon database, after the migrations. Safe to run again.
BEGIN;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'recon_owner') THEN CREATE ROLE "recon_owner" LOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'recon_fleet') THEN CREATE ROLE "recon_fleet" LOGIN; END IF;
END
$$;
-- Neither bypasses permissions, triggers (session_replication_role needs a superuser) or row security.
ALTER ROLE "recon_owner" NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER ROLE "recon_fleet" NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;

-- The owner owns the schema and everything in it, and runs the migrations.
ALTER SCHEMA "public" OWNER TO "recon_owner";
DO $$
DECLARE
    object RECORD;
BEGIN
    -- Tables (their indexes and serial sequences follow), then sequences no column owns.
    FOR object IN SELECT c.oid::regclass AS name FROM pg_class c
                   WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO "recon_owner"', object.name);
    END LOOP;
    FOR object IN SELECT c.oid::regclass AS name FROM pg_class c
                   WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'S'
                     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')) LOOP
        EXECUTE format('ALTER SEQUENCE %s OWNER TO "recon_owner"', object.name);
    END LOOP;
    FOR object IN SELECT p.oid::regprocedure AS name FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO "recon_owner"', object.name);
    END LOOP;
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO "recon_fleet"', current_database());
END
$$;

-- The fleet reads and writes the data (temporary tables included), and creates nothing.
REVOKE CREATE ON SCHEMA "public" FROM PUBLIC;
GRANT USAGE ON SCHEMA "public" TO "recon_fleet";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "public" TO "recon_fleet";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "public" TO "recon_fleet";
-- The audit log: read and append, nothing else (its triggers chain every insert).
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "public"."audit_logs" FROM "recon_fleet";
-- The migration history: read only (`recon run` checks the database is up to date).
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "public"."_prisma_migrations" FROM "recon_fleet";
-- Tables later migrations create get the same rights; a migration adding another append-only
-- table revokes what the fleet must not do on it, as above.
ALTER DEFAULT PRIVILEGES FOR ROLE "recon_owner" IN SCHEMA "public" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "recon_fleet";
ALTER DEFAULT PRIVILEGES FOR ROLE "recon_owner" IN SCHEMA "public" GRANT USAGE, SELECT ON SEQUENCES TO "recon_fleet";

COMMIT;
-- Then give each role a way to log in (ALTER ROLE recon_owner PASSWORD '…', or your provider's IAM or
-- certificate authentication): MIGRATION_DATABASE_URL names recon_owner, DATABASE_URL names recon_fleet.
