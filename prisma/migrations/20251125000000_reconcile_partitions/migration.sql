-- Work tables of partitioned reconcile runs (issue 4). See model ReconcilePlan in schema.prisma.
-- UNLOGGED: they hold only a run in flight, which can always be planned again; skipping the WAL
-- keeps a 10M-record day's membership cheap to write. A crash empties them, and the parent job's
-- retry then finds no plan and plans again.
CREATE UNLOGGED TABLE "reconcile_plans" (
    "id" UUID NOT NULL,
    "job_key" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "run_id" UUID NOT NULL,
    "processor" TEXT NOT NULL,
    "run_date" DATE NOT NULL,
    "read_start" TIMESTAMPTZ(3) NOT NULL,
    "read_end" TIMESTAMPTZ(3) NOT NULL,
    "partitions" INTEGER NOT NULL,
    "residue_count" INTEGER NOT NULL,
    "presettled" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "reconcile_plans_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "reconcile_plans_job_key_idx" ON "reconcile_plans"("job_key");

CREATE UNLOGGED TABLE "reconcile_plan_members" (
    "plan_id" UUID NOT NULL,
    "partition" INTEGER NOT NULL,
    "side" TEXT NOT NULL,
    "record_id" BIGINT NOT NULL,
    CONSTRAINT "reconcile_plan_members_pkey" PRIMARY KEY ("plan_id", "partition", "side", "record_id"),
    CONSTRAINT "reconcile_plan_members_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "reconcile_plans"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE UNLOGGED TABLE "reconcile_partition_results" (
    "plan_id" UUID NOT NULL,
    "partition" INTEGER NOT NULL,
    "result" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "reconcile_partition_results_pkey" PRIMARY KEY ("plan_id", "partition"),
    CONSTRAINT "reconcile_partition_results_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "reconcile_plans"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
