-- The run page lists a run's discrepancies biggest amount first, 50 at a time, at any page. Without
-- this index every page (and a deep one: OFFSET 49,950) sorts all of the run's rows (a 100,000-row
-- run spilled the sort to disk); with it the page is read in order from the index.
CREATE INDEX "discrepancies_run_id_amount_idx" ON "discrepancies" ("run_id", "amount_at_risk_minor" DESC, "id");
