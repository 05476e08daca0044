-- The breaks workbench lists breaks of one status oldest first (age descending: first seen day
-- ascending, newest id first among a day's breaks) or youngest first (the same index backwards),
-- paged 50 at a time. At 100,000 open breaks the list was a sequential scan and a sort of every
-- open break for each page (a full sort for deep pages); this index hands the rows over in order.
CREATE INDEX "breaks_status_first_seen_run_date_id_idx" ON "breaks"("status", "first_seen_run_date", "id" DESC);
