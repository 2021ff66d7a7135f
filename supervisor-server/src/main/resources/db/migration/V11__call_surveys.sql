-- V11: the satisfaction survey (满意度评价) of a call, issue 17: one row per call whose customer was sent to its
-- queue's survey, with the agent rated. rating is the key pressed (the queue's keys, 1-5 by default), NULL when the
-- customer pressed none in time or hung up first (outcome NO_ANSWER); satisfied is the rating at or above the queue's
-- satisfiedFrom at the time (so a later change of the configuration does not rewrite history). Customer satisfaction
-- (docs/METRICS.md) = satisfied rows ÷ RATED rows. Portable SQL for H2 (MODE=PostgreSQL) and PostgreSQL.
CREATE TABLE call_surveys (
    call_id    VARCHAR(64) PRIMARY KEY,
    queue_id   VARCHAR(64) NOT NULL,
    agent_id   VARCHAR(64) NOT NULL,
    outcome    VARCHAR(16) NOT NULL,
    rating     INTEGER,
    satisfied  BOOLEAN NOT NULL,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX call_surveys_ended ON call_surveys (ended_at);
CREATE INDEX call_surveys_agent ON call_surveys (agent_id, ended_at);
