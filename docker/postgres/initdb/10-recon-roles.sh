#!/bin/sh
# Runs once, when the Postgres volume is first initialised (the postgres image runs every file of
# /docker-entrypoint-initdb.d, as the superuser, before the server accepts connections).
#
# It prepares what `recon migrate` needs to run as the schema owner: the two roles of
# docs/operations.md ("Audit trail and least privilege") with their passwords, the real database
# (recon) and the sandbox's (recon_sandbox), and recon_owner owning the public schema of both, so
# the migrations can create the tables. Neither role may create databases or roles.
# The fleet role's rights on the tables come after the migrations: the db-roles service applies
# `recon db roles` (docker/postgres/least-privilege.sql) to the database in use.
#
# The passwords take effect only here, on the first start; to change one later:
#   docker compose exec postgres psql -U postgres -c "ALTER ROLE recon_fleet PASSWORD '…'"
# (then the same value in docker/.env). No `set -u` or `exit`: the image may source this file.
set -e
: "${RECON_OWNER_PASSWORD:?RECON_OWNER_PASSWORD must be set on the postgres service}"
: "${RECON_FLEET_PASSWORD:?RECON_FLEET_PASSWORD must be set on the postgres service}"

psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  --set owner_password="$RECON_OWNER_PASSWORD" --set fleet_password="$RECON_FLEET_PASSWORD" <<'SQL'
CREATE ROLE recon_owner LOGIN PASSWORD :'owner_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE ROLE recon_fleet LOGIN PASSWORD :'fleet_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE DATABASE recon;
CREATE DATABASE recon_sandbox;
SQL

for database in recon recon_sandbox; do
  psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "$database" \
    -c 'ALTER SCHEMA public OWNER TO recon_owner'
done
