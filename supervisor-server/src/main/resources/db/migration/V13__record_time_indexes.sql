-- V13: the report job (every reports.refreshSeconds) asks which records changed since its last run by their time
-- columns (report/ChangedRecords, RecordReader). wrap_ups.at, call_transfers.at and calls.ended_at had no index, so
-- each run read those tables whole: nothing on an empty database, every row of a year of calls on a real one.
-- Portable SQL for H2 (MODE=PostgreSQL) and PostgreSQL.
CREATE INDEX wrap_ups_at ON wrap_ups (at);
CREATE INDEX call_transfers_at ON call_transfers (at);
CREATE INDEX calls_ended_at ON calls (ended_at);
