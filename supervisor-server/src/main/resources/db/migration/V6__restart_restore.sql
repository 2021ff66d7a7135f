-- V6: what a restarting server reads back (docs/STORAGE.md, "Restart: restoring from the records").
-- The calls a crash left IN_PROGRESS are found by their outcome at every start; without an index that is a scan of
-- every CDR ever stored. Portable SQL for H2 (MODE=PostgreSQL) and PostgreSQL.

CREATE INDEX calls_outcome ON calls (outcome, started_at);
