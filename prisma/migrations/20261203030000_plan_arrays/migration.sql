-- A plan's scratch tables hold one row per partition (and side) with the values in arrays,
-- instead of one row per residue record or per staged outcome: each of those rows paid a
-- foreign-key check and a primary-key entry. At 1,000,000 per side (73,016 residue records,
-- 12,000 staged discrepancies, 51,016 staged paired ids) that was 0.62-0.94 s of the plan and
-- ~0.5 s of the partition step; the array rows take milliseconds. Plans are scratch data of runs
-- in flight: they are removed here (cascading to their results), and a run planned before this
-- migration fails loudly at its next step and is planned again.
DELETE FROM "reconcile_plans";

DROP TABLE "reconcile_plan_members";
DROP TABLE "reconcile_staged_discrepancies";
DROP TABLE "reconcile_staged_paired_ids";

CREATE UNLOGGED TABLE "reconcile_plan_members" (
    "plan_id" UUID NOT NULL,
    "partition" INTEGER NOT NULL,
    "side" TEXT NOT NULL,
    "record_ids" BIGINT[],
    CONSTRAINT "reconcile_plan_members_pkey" PRIMARY KEY ("plan_id", "partition", "side"),
    CONSTRAINT "reconcile_plan_members_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "reconcile_plans"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- The i-th element of every array is the partition's i-th staged discrepancy.
CREATE UNLOGGED TABLE "reconcile_staged_discrepancies" (
    "plan_id" UUID NOT NULL,
    "partition" INTEGER NOT NULL,
    "kinds" TEXT[],
    "processor_external_ids" TEXT[],
    "internal_external_ids" TEXT[],
    "currencies" TEXT[],
    "processor_amounts_minor" BIGINT[],
    "internal_amounts_minor" BIGINT[],
    "amounts_at_risk_minor" BIGINT[],
    "reasons" TEXT[],
    CONSTRAINT "reconcile_staged_discrepancies_pkey" PRIMARY KEY ("plan_id", "partition"),
    CONSTRAINT "reconcile_staged_discrepancies_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "reconcile_plans"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE UNLOGGED TABLE "reconcile_staged_paired_ids" (
    "plan_id" UUID NOT NULL,
    "partition" INTEGER NOT NULL,
    "side" TEXT NOT NULL,
    "external_ids" TEXT[],
    CONSTRAINT "reconcile_staged_paired_ids_pkey" PRIMARY KEY ("plan_id", "partition", "side"),
    CONSTRAINT "reconcile_staged_paired_ids_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "reconcile_plans"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- A partition's encoded result (several MB at 1,000,000 per side) is written once and read once
-- within the run: stored out of line without compression, the write takes 30 ms instead of the
-- 90-165 ms pglz spends compressing it. The table is unlogged scratch space, so size is no cost.
ALTER TABLE "reconcile_partition_results" ALTER COLUMN "result" SET STORAGE EXTERNAL;
