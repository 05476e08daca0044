-- The chain trigger (20261202010000_audit_chain) reads the head, the entry with the highest seq,
-- once for every row it chains. PL/pgSQL plans that lookup once per session; planned while
-- audit_logs was a page or so (a new database, statistics taken early), it is a scan of the
-- whole table and a sort, and the session keeps that plan as the table grows: one statement
-- appending a day's 220,000 break entries took 66 s that way instead of a few. The unique index
-- on seq is the right way to find the head at any size, so the function never scans the table.
ALTER FUNCTION "audit_logs_chain"() SET enable_seqscan = off;
