-- Outcomes a partition child job decided, stored by the child itself so the parent never holds
-- them (issue 4, peak RSS). The run's transaction moves them set-based into discrepancies and
-- breaks, then deletes the plan, which cascades here. UNLOGGED like the other plan tables.
CREATE UNLOGGED TABLE "reconcile_staged_discrepancies" (
    "plan_id" UUID NOT NULL,
    "partition" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "processor_external_id" TEXT,
    "internal_external_id" TEXT,
    "currency" CHAR(3) NOT NULL,
    "processor_amount_minor" BIGINT,
    "internal_amount_minor" BIGINT,
    "amount_at_risk_minor" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    CONSTRAINT "reconcile_staged_discrepancies_pkey" PRIMARY KEY ("plan_id", "partition", "seq"),
    CONSTRAINT "reconcile_staged_discrepancies_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "reconcile_plans"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Ids of records a partition found in a two-sided outcome: they resolve other days' open breaks.
CREATE UNLOGGED TABLE "reconcile_staged_paired_ids" (
    "plan_id" UUID NOT NULL,
    "partition" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "side" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    CONSTRAINT "reconcile_staged_paired_ids_pkey" PRIMARY KEY ("plan_id", "partition", "seq"),
    CONSTRAINT "reconcile_staged_paired_ids_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "reconcile_plans"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
