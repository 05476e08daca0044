-- Tamper-evident audit log (issue 13): every entry carries its place in one global chain (seq),
-- the hash of the entry before it (prev_hash) and the SHA-256 of its own content and prev_hash
-- (hash). Editing, deleting, inserting or reordering an entry breaks the chain; `recon audit
-- verify` (packages/db/src/audit-chain.ts) recomputes it independently, and anchors of the
-- chain head kept outside the database (beside the run reports) catch a truncated table or a
-- chain rewritten from some entry onwards.

ALTER TABLE "audit_logs" ADD COLUMN "seq" BIGINT, ADD COLUMN "prev_hash" TEXT, ADD COLUMN "hash" TEXT;

-- One field of the hashed material: its length in bytes, a colon, the text and a newline, so no
-- choice of values can move a boundary between two fields (auditFieldOf in audit-chain.ts).
CREATE FUNCTION "audit_hash_field"("value" TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT octet_length("value")::text || ':' || "value" || E'\n' $$;

-- The hash of one entry, format version 1. `at` is written as an ISO-8601 UTC instant with
-- milliseconds (JavaScript's toISOString) and `details` as Postgres's own text of the jsonb value,
-- which is canonical: keys sorted, duplicates dropped, fixed spacing.
CREATE FUNCTION "audit_entry_hash"("seq" BIGINT, "at" TIMESTAMPTZ, "action" TEXT, "entity_type" TEXT, "entity_id" TEXT,
                                   "actor" TEXT, "details" JSONB, "prev_hash" TEXT) RETURNS TEXT
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    AS $$
SELECT encode(sha256(convert_to(
         audit_hash_field('recon-audit-v1') || audit_hash_field("seq"::text) ||
         audit_hash_field(to_char("at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ||
         audit_hash_field("action") || audit_hash_field("entity_type") || audit_hash_field("entity_id") ||
         audit_hash_field("actor") || audit_hash_field("details"::text) || audit_hash_field("prev_hash"),
       'UTF8')), 'hex')
$$;

-- Existing entries join the chain in the order they were written (id order). The append-only
-- trigger is lifted for this backfill only: the migration runs as the table's owner.
ALTER TABLE "audit_logs" DISABLE TRIGGER "audit_logs_append_only";
DO $$
DECLARE
    entry RECORD;
    n BIGINT := 0;
    previous TEXT := repeat('0', 64);
BEGIN
    FOR entry IN SELECT "id", "at", "action", "entity_type", "entity_id", "actor", "details" FROM "audit_logs" ORDER BY "id" LOOP
        n := n + 1;
        UPDATE "audit_logs"
           SET "seq" = n, "prev_hash" = previous,
               "hash" = audit_entry_hash(n, entry."at", entry."action", entry."entity_type", entry."entity_id",
                                         entry."actor", entry."details", previous)
         WHERE "id" = entry."id"
        RETURNING "hash" INTO previous;
    END LOOP;
END
$$;
ALTER TABLE "audit_logs" ENABLE TRIGGER "audit_logs_append_only";

ALTER TABLE "audit_logs" ALTER COLUMN "seq" SET NOT NULL, ALTER COLUMN "prev_hash" SET NOT NULL, ALTER COLUMN "hash" SET NOT NULL;
-- Two appends can never claim the same place: a fork fails the second transaction.
CREATE UNIQUE INDEX "audit_logs_seq_key" ON "audit_logs"("seq");

-- Chains every inserted row, whoever inserts it and however (one row or INSERT ... SELECT), so
-- writers cannot forget it and cannot choose their own place, predecessor or time. The
-- transaction-scoped advisory lock makes appends take turns until commit: the head read after
-- it is the committed head, so the chain never forks. Hence the rule for writers: append a
-- transaction's audit entries last, after every other lock it takes (see audit-log.ts), so the
-- lock is held for the commit only and two transactions never wait on each other through it.
CREATE FUNCTION "audit_logs_chain"() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    head_seq BIGINT;
    head_hash TEXT;
BEGIN
    -- Under REPEATABLE READ the head read below would come from the transaction's old snapshot.
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'audit_logs: append audit entries in a READ COMMITTED transaction, not %',
            current_setting('transaction_isolation') USING ERRCODE = 'feature_not_supported';
    END IF;
    PERFORM pg_advisory_xact_lock(72707370);
    SELECT "seq", "hash" INTO head_seq, head_hash FROM "audit_logs" ORDER BY "seq" DESC LIMIT 1;
    NEW."seq" := coalesce(head_seq, 0) + 1;
    NEW."prev_hash" := coalesce(head_hash, repeat('0', 64));
    -- The database's clock, to the millisecond the column keeps, not the writer's claim.
    NEW."at" := date_trunc('milliseconds', now());
    NEW."hash" := audit_entry_hash(NEW."seq", NEW."at", NEW."action", NEW."entity_type", NEW."entity_id",
                                   NEW."actor", NEW."details", NEW."prev_hash");
    RETURN NEW;
END
$$;

-- Names resolve in the migration's schema, never in a session's temporary schema: a writer must
-- not be able to shadow audit_logs with a temporary table and so choose its own predecessor.
-- (audit_entry_hash has no such setting so that it is inlined here: a setting would cost a
-- function call per entry; inlined, it resolves with this function's search_path.)
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION "audit_logs_chain"() SET search_path = pg_catalog, %I, pg_temp', current_schema());
END
$$;

CREATE TRIGGER "audit_logs_chain"
    BEFORE INSERT ON "audit_logs"
    FOR EACH ROW EXECUTE FUNCTION "audit_logs_chain"();

-- TRUNCATE skips row triggers; refuse it too. (An owner can still drop this trigger: that is what
-- the anchors and the least-privilege fleet role in docs/operations.md are for.)
CREATE TRIGGER "audit_logs_no_truncate"
    BEFORE TRUNCATE ON "audit_logs"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_logs_append_only"();
