-- V14: the place of a callback that keeps its place (issue 17) survives a restart (docs/STORAGE.md, "Schema (V8)").
-- A QUEUED callback row (V8 callbacks: queue_id, due_at = the caller's arrival, number, status) gains what the ACD knew
-- of the caller when the callback was asked for: the queue's priority and required skills (skill=level, comma
-- separated, sorted); NULL on scheduled callbacks. At start the QUEUED rows are put back into the ACD at their arrival
-- time among the restored live callers. The wallboard's callback figures of the day read rows by created_at and
-- finished_at. Portable SQL for H2 (MODE=PostgreSQL) and PostgreSQL.
ALTER TABLE callbacks ADD COLUMN queue_priority INTEGER;
ALTER TABLE callbacks ADD COLUMN queue_skills VARCHAR(512);
CREATE INDEX callbacks_created ON callbacks (created_at);
CREATE INDEX callbacks_finished ON callbacks (finished_at);
