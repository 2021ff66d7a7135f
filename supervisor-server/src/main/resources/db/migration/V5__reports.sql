-- V5: interval statistics and reports (issue 15). Same portable subset as V1 (H2 in PostgreSQL mode and PostgreSQL).
-- Times are UTC instants; durations are milliseconds; interval_start is the start of a 15-minute interval (UTC
-- instants on a quarter hour: every time zone the site may use is a whole number of quarter hours from UTC).

-- One row per visit of a call to a queue: a call that overflows visits two queues, one transferred back to a queue
-- visits it again. Written by the call center as the visit progresses (entry, answer, end), so the queue figures come
-- from durable records. wait_ms is the wait of docs/METRICS.md: from the call's arrival at the contact center to the
-- answer (ring time included) or to leaving the queue.
CREATE TABLE queue_visits (
    call_id       VARCHAR(64) NOT NULL,
    visit_no      INTEGER     NOT NULL,
    queue_id      VARCHAR(64) NOT NULL,
    caller_number VARCHAR(64),
    arrived_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    entered_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome       VARCHAR(16) NOT NULL,
    left_at       TIMESTAMP WITH TIME ZONE,
    wait_ms       BIGINT,
    agent_id      VARCHAR(64),
    answered_at   TIMESTAMP WITH TIME ZONE,
    ring_ms       BIGINT,
    rings         INTEGER,
    ended_at      TIMESTAMP WITH TIME ZONE,
    talk_ms       BIGINT,
    hold_ms       BIGINT,
    to_queue      VARCHAR(64),
    CONSTRAINT queue_visits_pk PRIMARY KEY (call_id, visit_no)
);
CREATE INDEX queue_visits_entered ON queue_visits (entered_at);
CREATE INDEX queue_visits_left ON queue_visits (left_at);
CREATE INDEX queue_visits_ended ON queue_visits (ended_at);
CREATE INDEX queue_visits_caller ON queue_visits (caller_number, entered_at);

-- The inbound calls stored before V5 become one visit each (no overflow was recorded then).
INSERT INTO queue_visits (call_id, visit_no, queue_id, caller_number, arrived_at, entered_at, outcome, left_at, wait_ms,
                          agent_id, answered_at, ring_ms, rings, ended_at, talk_ms, hold_ms)
SELECT id, 1, queue_id, caller_number, started_at, started_at,
       CASE WHEN outcome = 'IN_PROGRESS' AND answered_at IS NOT NULL THEN 'ANSWERED'
            WHEN outcome = 'IN_PROGRESS' THEN 'WAITING' ELSE outcome END,
       COALESCE(answered_at, ended_at),
       CASE WHEN answered_at IS NOT NULL THEN wait_ms + ring_ms ELSE wait_ms END,
       agent_id, answered_at, ring_ms, NULL, CASE WHEN answered_at IS NOT NULL THEN ended_at END, talk_ms, hold_ms
FROM calls WHERE direction = 'INBOUND' AND queue_id IS NOT NULL;

-- Per queue and 15-minute interval, the calls that ENTERED the queue in the interval (a call counts in the interval
-- it arrived in: one answered or abandoned later updates that interval). Counts; the ratios are computed from them.
CREATE TABLE interval_queue (
    interval_start        TIMESTAMP WITH TIME ZONE NOT NULL,
    queue_id              VARCHAR(64) NOT NULL,
    offered               BIGINT NOT NULL,
    answered              BIGINT NOT NULL,
    answered_within       BIGINT NOT NULL,
    abandoned_short       BIGINT NOT NULL,
    abandoned_long        BIGINT NOT NULL,
    abandoned_within      BIGINT NOT NULL,
    overflowed            BIGINT NOT NULL,
    timed_out             BIGINT NOT NULL,
    transfers             BIGINT NOT NULL,
    wait_answered_ms      BIGINT NOT NULL,
    wait_abandoned_ms     BIGINT NOT NULL,
    longest_wait_ms       BIGINT NOT NULL,
    rings                 BIGINT NOT NULL,
    ring_target_met       BIGINT NOT NULL,
    handled               BIGINT NOT NULL,
    talk_ms               BIGINT NOT NULL,
    hold_ms               BIGINT NOT NULL,
    wrap_up_ms            BIGINT NOT NULL,
    complaints            BIGINT NOT NULL,
    CONSTRAINT interval_queue_pk PRIMARY KEY (interval_start, queue_id)
);

-- Per agent and 15-minute interval: time in each state (split exactly at the interval's bounds), the calls the agent
-- answered in the interval (handled once their wrap-up ended), click-to-dial calls started in it, RONAs.
CREATE TABLE interval_agent (
    interval_start     TIMESTAMP WITH TIME ZONE NOT NULL,
    agent_id           VARCHAR(64) NOT NULL,
    logged_in_ms       BIGINT NOT NULL,
    ready_ms           BIGINT NOT NULL,
    not_ready_ms       BIGINT NOT NULL,
    reserved_ms        BIGINT NOT NULL,
    on_call_ms         BIGINT NOT NULL,
    dialing_ms         BIGINT NOT NULL,
    wrap_up_state_ms   BIGINT NOT NULL,
    answered           BIGINT NOT NULL,
    handled            BIGINT NOT NULL,
    talk_ms            BIGINT NOT NULL,
    hold_ms            BIGINT NOT NULL,
    wrap_up_ms         BIGINT NOT NULL,
    outbound_attempts  BIGINT NOT NULL,
    outbound_answered  BIGINT NOT NULL,
    outbound_successes BIGINT NOT NULL,
    outbound_talk_ms   BIGINT NOT NULL,
    ronas              BIGINT NOT NULL,
    complaints         BIGINT NOT NULL,
    CONSTRAINT interval_agent_pk PRIMARY KEY (interval_start, agent_id)
);

-- Not-ready time by reason (configured and system.*), per agent and interval.
CREATE TABLE interval_agent_reason (
    interval_start TIMESTAMP WITH TIME ZONE NOT NULL,
    agent_id       VARCHAR(64) NOT NULL,
    reason         VARCHAR(64) NOT NULL,
    not_ready_ms   BIGINT NOT NULL,
    CONSTRAINT interval_agent_reason_pk PRIMARY KEY (interval_start, agent_id, reason)
);

-- The interval job's progress: records older than the watermark (less the late margin) are in the rows.
CREATE TABLE report_job (
    id        VARCHAR(32) PRIMARY KEY,
    watermark TIMESTAMP WITH TIME ZONE NOT NULL,
    ran_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The CTI link's ups and downs, for the daily incident report: kind UP (with the gateway's id and start time: a new
-- start time is a gateway restart) or DOWN (with the reason).
CREATE TABLE link_events (
    id                 BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    kind               VARCHAR(8)  NOT NULL,
    gateway_id         VARCHAR(64),
    gateway_started_at TIMESTAMP WITH TIME ZONE,
    detail             VARCHAR(256),
    at                 TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX link_events_at ON link_events (at);

-- Call history and the audit browser search by these.
CREATE INDEX calls_caller ON calls (caller_number, started_at);
CREATE INDEX calls_dialled ON calls (dialled_number, started_at);
CREATE INDEX audit_log_actor ON audit_log (actor, at);
CREATE INDEX agent_state_history_at ON agent_state_history (at);
CREATE INDEX agent_state_history_call ON agent_state_history (call_id);
