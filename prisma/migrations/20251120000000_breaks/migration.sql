-- Open breaks that carry forward between runs (issue 4). See model Break in schema.prisma.
CREATE TABLE "breaks" (
    "id" BIGSERIAL NOT NULL,
    "processor" TEXT NOT NULL,
    "break_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "processor_external_id" TEXT,
    "internal_external_id" TEXT,
    "currency" CHAR(3) NOT NULL,
    "amount_at_risk_minor" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "first_seen_run_date" DATE NOT NULL,
    "first_seen_run_id" UUID NOT NULL,
    "last_seen_run_date" DATE NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolution" TEXT,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by" TEXT,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "breaks_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "breaks_status_check" CHECK ("status" IN ('open', 'resolved'))
);

CREATE UNIQUE INDEX "breaks_processor_break_key_key" ON "breaks"("processor", "break_key");
CREATE INDEX "breaks_processor_status_idx" ON "breaks"("processor", "status");
CREATE INDEX "breaks_processor_external_id_idx" ON "breaks"("processor_external_id");
CREATE INDEX "breaks_internal_external_id_idx" ON "breaks"("internal_external_id");
