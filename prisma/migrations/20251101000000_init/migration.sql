-- CreateTable
CREATE TABLE "reconciliation_runs" (
    "id" UUID NOT NULL,
    "run_date" DATE NOT NULL,
    "processor_name" TEXT NOT NULL,
    "start_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "end_time" TIMESTAMPTZ(3),
    "status" TEXT NOT NULL,
    "processor_transaction_count" INTEGER NOT NULL DEFAULT 0,
    "internal_transaction_count" INTEGER NOT NULL DEFAULT 0,
    "missing_transaction_count" INTEGER NOT NULL DEFAULT 0,
    "total_discrepancy_amount" DECIMAL(20,2) NOT NULL DEFAULT 0,
    "total_volume_processed" DECIMAL(20,2) NOT NULL DEFAULT 0,
    "primary_currency" CHAR(3),
    "matched_count" INTEGER NOT NULL DEFAULT 0,
    "rejected_count" INTEGER NOT NULL DEFAULT 0,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "totals" JSONB NOT NULL DEFAULT '{}',
    "reports" JSONB NOT NULL DEFAULT '{}',
    "report_s3_key" TEXT,
    "error_message" TEXT,
    "created_by" TEXT NOT NULL DEFAULT 'system',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reconciliation_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processor_transactions" (
    "id" BIGSERIAL NOT NULL,
    "processor" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "related_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "reference" TEXT,
    "merchant_id" TEXT,
    "gross_minor" BIGINT NOT NULL,
    "fee_minor" BIGINT NOT NULL,
    "net_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" TEXT NOT NULL,
    "raw_status" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "raw" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processor_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "internal_transactions" (
    "id" BIGSERIAL NOT NULL,
    "external_id" TEXT NOT NULL,
    "processor" TEXT NOT NULL,
    "processor_ref" TEXT,
    "reference" TEXT,
    "gross_minor" BIGINT NOT NULL,
    "fee_minor" BIGINT,
    "currency" CHAR(3) NOT NULL,
    "status" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "raw" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "internal_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "discrepancies" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "processor_external_id" TEXT,
    "internal_external_id" TEXT,
    "currency" CHAR(3) NOT NULL,
    "processor_amount_minor" BIGINT,
    "internal_amount_minor" BIGINT,
    "amount_at_risk_minor" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "discrepancies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "missing_transactions" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "transaction_id" TEXT NOT NULL,
    "processor_name" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" TEXT NOT NULL,
    "merchant_id" TEXT,
    "transaction_date" TIMESTAMPTZ(3) NOT NULL,
    "reference_number" TEXT,
    "fee_minor" BIGINT NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "missing_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rejected_records" (
    "id" BIGSERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "run_date" DATE,
    "external_id" TEXT,
    "reason" TEXT NOT NULL,
    "raw" JSONB NOT NULL,
    "slice_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rejected_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "actor" TEXT NOT NULL DEFAULT 'system',
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_events" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_events" (
    "consumer" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "reconciliation_runs_processor_name_run_date_key" ON "reconciliation_runs"("processor_name", "run_date");

-- CreateIndex
CREATE INDEX "processor_transactions_processor_occurred_at_idx" ON "processor_transactions"("processor", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "processor_transactions_processor_external_id_key" ON "processor_transactions"("processor", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "internal_transactions_external_id_key" ON "internal_transactions"("external_id");

-- CreateIndex
CREATE INDEX "internal_transactions_processor_occurred_at_idx" ON "internal_transactions"("processor", "occurred_at");

-- CreateIndex
CREATE INDEX "discrepancies_run_id_kind_idx" ON "discrepancies"("run_id", "kind");

-- CreateIndex
CREATE INDEX "missing_transactions_run_id_idx" ON "missing_transactions"("run_id");

-- CreateIndex
CREATE INDEX "rejected_records_source_run_date_idx" ON "rejected_records"("source", "run_date");

-- CreateIndex
CREATE INDEX "rejected_records_slice_key_idx" ON "rejected_records"("slice_key");

-- CreateIndex
CREATE INDEX "audit_logs_entity_type_entity_id_idx" ON "audit_logs"("entity_type", "entity_id");

-- CreateIndex
CREATE INDEX "outbox_events_published_at_idx" ON "outbox_events"("published_at");

-- AddForeignKey
ALTER TABLE "discrepancies" ADD CONSTRAINT "discrepancies_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "reconciliation_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "missing_transactions" ADD CONSTRAINT "missing_transactions_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "reconciliation_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Hand-written: rules Prisma's schema language cannot express. Keep them below the generated
-- part so a future `prisma migrate diff` output can be compared with the part above verbatim.
-- ---------------------------------------------------------------------------------------------

-- The run lifecycle the legacy users query on.
ALTER TABLE "reconciliation_runs" ADD CONSTRAINT "reconciliation_runs_status_check"
    CHECK ("status" IN ('running', 'completed', 'failed', 'cancelled'));

-- A failed run must say why, so operators never see a bare "failed".
ALTER TABLE "reconciliation_runs" ADD CONSTRAINT "reconciliation_runs_failed_has_error_check"
    CHECK ("status" <> 'failed' OR "error_message" IS NOT NULL);

-- The legacy column is a sum of absolute missing amounts.
ALTER TABLE "reconciliation_runs" ADD CONSTRAINT "reconciliation_runs_total_discrepancy_amount_check"
    CHECK ("total_discrepancy_amount" >= 0);

-- DISCREPANCY_KINDS in packages/domain: names are a contract, never renamed.
ALTER TABLE "discrepancies" ADD CONSTRAINT "discrepancies_kind_check"
    CHECK ("kind" IN ('missing_in_internal', 'missing_in_processor', 'amount_mismatch', 'currency_mismatch',
                      'status_mismatch', 'fee_mismatch', 'duplicate', 'timing'));

-- The audit log is append-only: corrections are new entries, never edits. TRUNCATE is left to
-- the owner (test teardown drops whole databases anyway).
CREATE FUNCTION "audit_logs_append_only"() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_logs is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER "audit_logs_append_only"
    BEFORE UPDATE OR DELETE ON "audit_logs"
    FOR EACH ROW EXECUTE FUNCTION "audit_logs_append_only"();
