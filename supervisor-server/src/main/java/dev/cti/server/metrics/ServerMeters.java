package dev.cti.server.metrics;

import dev.cti.meters.MeterCatalogue;
import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter.Type;

/**
 * The server's meter catalogue: every meter of its own that {@code /metrics} shows, with name, type, base unit,
 * description and tag keys, written here once (docs/METRICS.md, "Server"). Call sites build their meters from a
 * constant and the tag values ({@link MeterCatalogue}); {@code ServerMeterCatalogueTest} checks that a started
 * server holds no meter of its own this list does not describe and that docs/METRICS.md names every entry. The
 * JVM's and the process's meters ({@code jvm_*}, {@code process_*}, {@code system_*}) are Micrometer's binders'.
 *
 * <p>Micrometer's dotted names; the Prometheus registry adds the base unit as a suffix and {@code _total} on
 * counters ({@code cti.queue.oldest.wait} in seconds is {@code cti_queue_oldest_wait_seconds}). No per-call or
 * per-agent tags: queue, team and reason ids are configured, the others are bounded enums.
 */
public enum ServerMeters implements MeterCatalogue {
    // agents
    AGENTS("cti.agents", Type.GAUGE, null, "Agents by state now", "state"),
    AGENTS_NOT_READY("cti.agents.not.ready", Type.GAUGE, null, "Agents not ready now, by reason", "reason"),
    AGENT_OCCUPANCY("cti.agent.occupancy", Type.GAUGE, "ratio",
            "Agent occupancy today: call work / (call work + ready)"),
    AGENT_EVENTS_REJECTED("cti.agent.events.rejected", Type.COUNTER, null,
            "Agent state-machine events refused (illegal transition or failed guard), by state, event, reason",
            "state", "event", "reason"),
    AGENT_TRANSITIONS("cti.agent.transitions", Type.COUNTER, null, "Agent state changes made, by target state", "to"),
    AGENT_EVENTS_UNSTORED("cti.agent.events.unstored", Type.COUNTER, null,
            "Agent events not applied because their records could not be stored (the agent stays as it was), by event",
            "event"),

    // queues (kpi.QueueKpis)
    QUEUE_CALLS_WAITING("cti.queue.calls.waiting", Type.GAUGE, null, "Calls waiting in the queue now", "queue"),
    QUEUE_OLDEST_WAIT("cti.queue.oldest.wait", Type.GAUGE, "seconds", "Wait of the longest-waiting call now",
            "queue"),
    QUEUE_SERVICE_LEVEL("cti.queue.service.level", Type.GAUGE, "ratio",
            "Service level today by the queue's definition (docs/METRICS.md)", "queue"),
    QUEUE_ANSWER_RATE("cti.queue.answer.rate", Type.GAUGE, "ratio", "Answered / offered today (接通率)", "queue"),
    QUEUE_ABANDON_RATE("cti.queue.abandon.rate", Type.GAUGE, "ratio", "Abandoned / offered today", "queue"),
    QUEUE_SERVICE_LEVEL_TARGET("cti.queue.service.level.target", Type.GAUGE, "ratio",
            "The queue's service-level target", "queue"),
    QUEUE_CALLS_OFFERED("cti.queue.calls.offered", Type.COUNTER, null, "Calls that entered the queue", "queue"),
    QUEUE_CALLS_ANSWERED("cti.queue.calls.answered", Type.COUNTER, null, "Calls answered by an agent", "queue"),
    QUEUE_CALLS_ANSWERED_WITHIN_THRESHOLD("cti.queue.calls.answered.within.threshold", Type.COUNTER, null,
            "Calls answered within the service-level threshold", "queue"),
    QUEUE_CALLS_ABANDONED("cti.queue.calls.abandoned", Type.COUNTER, null,
            "Callers who hung up before an answer (short: within shortAbandonSeconds)", "queue", "kind"),
    QUEUE_CALLS_OVERFLOWED("cti.queue.calls.overflowed", Type.COUNTER, null, "Calls moved to the overflow queue",
            "queue"),
    QUEUE_CALLS_TIMED_OUT("cti.queue.calls.timed.out", Type.COUNTER, null, "Calls cleared after the maximum wait",
            "queue"),
    QUEUE_WAIT_TIME("cti.queue.wait.time", Type.TIMER, null, "Wait from arrival to answer or abandon", "queue",
            "outcome"),
    QUEUE_HANDLE_TIME("cti.queue.handle.time", Type.TIMER, null, "Handle time of a call: talk + hold + wrap-up",
            "queue"),
    QUEUE_ANSWER_RINGS("cti.queue.answer.rings", Type.DISTRIBUTION_SUMMARY, null,
            "Rings before the answer (target: compliance.ringTargetRings)", "queue"),

    // voice menus (call.CallMenus)
    MENU_RESULTS("cti.menu.results", Type.COUNTER, null, "What the voice menus did: each invalid key, timeout and "
            + "caller turned away as closed, and each caller routed to a queue, sent a message, hung up or given the "
            + "fallback", "menu", "result"),

    // reports (report.IntervalJob)
    REPORT_INTERVAL_JOB("cti.report.interval.job", Type.TIMER, null, "Runs of the interval job (docs/METRICS.md)"),
    REPORT_INTERVAL_JOB_FAILURES("cti.report.interval.job.failures", Type.COUNTER, null,
            "Runs of the interval job that failed (retried at the next period)"),

    // calls
    RING_FAILURES("cti.calls.ring.failures", Type.COUNTER, null,
            "Offers to an agent that failed, by reason (no answer, busy, ...)", "reason"),
    HOLD_THRESHOLD_CROSSINGS("cti.hold.threshold.crossings", Type.COUNTER, null,
            "Holds that lasted past a compliance threshold, by threshold in seconds", "threshold"),
    RECONCILIATION_CORRECTIONS("cti.reconciliation.corrections", Type.COUNTER, null,
            "Corrections made when reconciling agents and calls with the gateway's snapshot, by kind", "kind"),
    DIALS_REFUSED("cti.dials.refused", Type.COUNTER, null,
            "Dials out refused by the role permissions or the trunk's dial plan (API, or reported by the gateway), "
                    + "by action (dial, transfer, refer, originate) and reason", "action", "reason"),
    SIP_LOCKOUTS("cti.sip.lockouts", Type.COUNTER, null,
            "Extensions the gateway's registrar locked out after failed REGISTERs"),

    // a restart's restore (call.RestartRecovery)
    RESTORE_CALLS_LOST("cti.restore.calls.lost", Type.COUNTER, null,
            "Calls a crash left in progress that the gateway no longer had at the first snapshot after the start: "
                    + "stored as LOST_ON_RESTART"),
    RESTORE_WAITING_FOR_GATEWAY("cti.restore.waiting.for.gateway", Type.GAUGE, null,
            "1 while, past storage.restoreGraceSeconds after the start, calls or agents restored on a call still "
                    + "wait for the gateway's first snapshot"),
    RESTORE_AGENTS("cti.restore.agents", Type.GAUGE, null,
            "Agents put back in their last stored state at the start"),

    // the CTI link (call.LinkMeters, call.CallCenter)
    LINK_CONNECTED("cti.link.connected", Type.GAUGE, null, "1 while a gateway is connected on the CTI link"),
    LINK_LINES_IN("cti.link.lines.in", Type.COUNTER, null, "Lines received on the CTI link"),
    LINK_LINES_OUT("cti.link.lines.out", Type.COUNTER, null, "Lines sent on the CTI link"),
    LINK_PROTOCOL_ERRORS("cti.link.protocol.errors", Type.COUNTER, null, "Lines refused as malformed on the CTI link"),
    LINK_CONNECTS("cti.link.connects", Type.COUNTER, null, "Gateway connections accepted"),
    LINK_HEARTBEAT_TIMEOUTS("cti.link.heartbeat.timeouts", Type.COUNTER, null,
            "Gateway connections dropped as silent"),
    LINK_REPLAY_DUPLICATES("cti.link.replay.duplicates", Type.COUNTER, null, "Events the gateway sent again after a "
            + "reconnection (Replayed) that had been applied already: skipped, each event is applied once"),
    LINK_REFUSED_CONNECTIONS("cti.link.refused.connections", Type.COUNTER, null, "Connections to the CTI link refused "
            + "before Hello: TLS handshake failed (plain TCP, no or a foreign certificate), a certificate not a "
            + "gateway's, a Hello naming another gateway than its certificate", "reason"),
    LINK_EVENTS_FAILED("cti.link.events.failed", Type.COUNTER, null, "Gateway events whose handling failed, by type",
            "type"),
    LINK_EVENTS_UNEXPECTED("cti.link.events.unexpected", Type.COUNTER, null,
            "Gateway events of a type the server does not handle", "type"),
    LINK_COMMANDS_REJECTED("cti.link.commands.rejected", Type.COUNTER, null,
            "Commands the gateway refused, by command type", "type"),

    // HTTP and WebSocket
    HTTP_BAD_REQUESTS("cti.http.bad.requests", Type.COUNTER, null,
            "HTTP requests refused as malformed (bad JSON, missing fields)"),
    HTTP_AUTH_FAILURES("cti.http.auth.failures", Type.COUNTER, null,
            "Logins refused and requests with a missing or bad token"),
    HTTP_FORBIDDEN("cti.http.forbidden", Type.COUNTER, null, "Requests refused by the authorisation policy"),
    HTTP_TIMEOUTS("cti.http.timeouts", Type.COUNTER, null,
            "REST requests answered 503 timeout because they were not answered within network.server.requestTimeoutSeconds"),
    HTTP_LOGINS_REFUSED("cti.http.logins.refused", Type.COUNTER, null,
            "Logins refused before the password was checked, by reason (locked: name or address locked out; busy: "
                    + "the hashing pool's queue was full)", "reason"),
    HTTP_RATE_LIMITED("cti.http.rate.limited", Type.COUNTER, null,
            "Requests refused with 429 by a per-user rate limit, by endpoint", "endpoint"),
    WS_REJECTED("cti.ws.rejected", Type.COUNTER, null, "WebSocket upgrades or sessions refused (origin or token)"),
    WS_DROPPED("cti.ws.dropped", Type.COUNTER, null,
            "WebSockets closed by the server, by reason (slow: its unsent pushes passed the budget; session_ended: "
                    + "logout or expiry; too_many: over the sockets-per-session cap)", "reason"),

    // the store (store.StoreWriter, store.StoreAlerts, store.Store)
    STORE_WRITES("cti.store.writes", Type.COUNTER, null, "Durable store writes committed, by record kind", "kind"),
    STORE_WRITE_FAILURES("cti.store.write.failures", Type.COUNTER, null,
            "Durable store writes that failed, by record kind", "kind"),
    STORE_COMMITS("cti.store.commits", Type.COUNTER, null,
            "Transactions the store's writer committed: one per batch of writes (group commit)"),
    STORE_BATCH_WRITES("cti.store.batch.writes", Type.DISTRIBUTION_SUMMARY, null, "Writes per committed batch"),
    STORE_WRITE_QUEUE_DEPTH("cti.store.write.queue.depth", Type.GAUGE, null,
            "Writes waiting in the store's bounded queue"),
    STORE_WRITE_QUEUE_CAPACITY("cti.store.write.queue.capacity", Type.GAUGE, null,
            "The write queue's bound, storage.writeQueueCapacity"),
    STORE_BUSY("cti.store.busy", Type.COUNTER, null,
            "Writes refused at once because the write queue was full (HTTP 503 store_busy), by kind", "kind"),
    STORE_RETRIES("cti.store.retries", Type.COUNTER, null,
            "Batches tried again because the database was away (connection lost, pool timeout)"),
    STORE_DATABASE_UP("cti.store.database.up", Type.GAUGE, null,
            "1 when the store's last attempt reached the database, 0 while it is retrying or gave up"),
    STORE_COMMITS_IN_DOUBT("cti.store.commits.in.doubt", Type.COUNTER, null,
            "Batches whose COMMIT lost its connection: maybe stored, reported as failed"),
    STORE_WRITES_LOST("cti.store.writes.lost", Type.COUNTER, null,
            "Records nobody waits on (CDR steps, holds, transfers...) that could not be stored after the retries, "
                    + "by kind: each one also raises the wallboard's store alert and an ERROR log line", "kind"),
    CUSTOMER_IMPORT_BAD_ROWS("cti.customers.import.bad.rows", Type.COUNTER, null,
            "Customer CSV rows refused on import"),

    // preview campaigns (campaign.CampaignService, store.CampaignStore); per agent only in the API (no agent tags)
    CAMPAIGN_IMPORT_ROWS("cti.campaign.import.rows", Type.COUNTER, null,
            "Call-list CSV rows imported, by campaign and result (imported, duplicate, do_not_call, rejected)",
            "campaign", "result"),
    CAMPAIGN_DIALS("cti.campaign.dials", Type.COUNTER, null, "Preview records dialled (click-to-dial), by campaign",
            "campaign"),
    CAMPAIGN_OUTCOMES("cti.campaign.outcomes", Type.COUNTER, null, "Preview records ended, by campaign and outcome",
            "campaign", "outcome"),
    CAMPAIGN_SKIPS("cti.campaign.skips", Type.COUNTER, null, "Preview records skipped by the agent, by campaign",
            "campaign"),
    CAMPAIGN_RELEASES("cti.campaign.releases", Type.COUNTER, null,
            "Preview records put back in the list without an outcome, by reason (logout, timeout)", "reason"),
    CAMPAIGN_DIALS_TODAY("cti.campaign.dials.today", Type.GAUGE, null,
            "Preview records dialled today (site.timeZone), by campaign", "campaign"),
    CAMPAIGN_SUCCESSES_TODAY("cti.campaign.successes.today", Type.GAUGE, null,
            "Outcomes of category success today, by campaign", "campaign"),
    CAMPAIGN_CONVERSION_RATE("cti.campaign.conversion.rate", Type.GAUGE, "ratio",
            "Conversion rate today (成功率): successes / records dialled, by campaign", "campaign"),

    // quality assurance (qa.QaKpis, qa.QaService, qa.SamplingJob)
    QA_TEAM_PASS_RATE("cti.qa.team.pass.rate", Type.GAUGE, "ratio",
            "QA pass rate today (监听合格率): evaluations passing / submitted", "team"),
    QA_TEAM_AVERAGE_SCORE("cti.qa.team.average.score", Type.GAUGE, null, "Average QA score today (out of 100)",
            "team"),
    QA_QUEUE_PASS_RATE("cti.qa.queue.pass.rate", Type.GAUGE, "ratio",
            "QA pass rate today (监听合格率): evaluations passing / submitted", "queue"),
    QA_QUEUE_AVERAGE_SCORE("cti.qa.queue.average.score", Type.GAUGE, null, "Average QA score today (out of 100)",
            "queue"),
    QA_EVALUATIONS_SUBMITTED("cti.qa.evaluations.submitted", Type.COUNTER, null,
            "QA evaluations submitted (first submission)", "team", "queue"),
    QA_EVALUATIONS_PASSED("cti.qa.evaluations.passed", Type.COUNTER, null,
            "QA evaluations submitted that passed (at their first submission)", "team", "queue"),
    QA_REQUESTS_REFUSED("cti.qa.requests.refused", Type.COUNTER, null,
            "QA requests refused (bad input, state, policy), by error code", "code"),
    QA_WORKLIST_ITEMS_ADDED("cti.qa.worklist.items.added", Type.COUNTER, null, "Calls put on QA work lists, by reason",
            "reason"),

    // scheduled callbacks and complaint follow-up (followup.Callbacks, followup.Complaints)
    FOLLOW_UP_CALLBACKS("cti.followup.callbacks", Type.COUNTER, null,
            "Scheduled callbacks by event: scheduled (booked at wrap-up), done (the customer answered), failed "
                    + "(unanswered after the retries)", "event"),
    FOLLOW_UP_CALLBACKS_OPEN("cti.followup.callbacks.open", Type.GAUGE, null,
            "Scheduled callbacks not over yet (pending or being dialled)"),
    FOLLOW_UP_CALLBACKS_OVERDUE("cti.followup.callbacks.overdue", Type.GAUGE, null,
            "Scheduled callbacks still open followUps.callbackOverdueMinutes after they were due"),
    FOLLOW_UP_COMPLAINTS("cti.followup.complaints", Type.COUNTER, null,
            "Complaint follow-ups by event: opened (complaint wrap-up), closed (with a note)", "event"),
    FOLLOW_UP_COMPLAINTS_OPEN("cti.followup.complaints.open", Type.GAUGE, null, "Complaint follow-ups not closed"),
    FOLLOW_UP_COMPLAINTS_OVERDUE("cti.followup.complaints.overdue", Type.GAUGE, null,
            "Complaint follow-ups not closed within followUps.complaintCloseWorkingDays working days"),

    // recordings (recording.*, http.RecordingRoutes)
    RECORDINGS_INDEXED("cti.recordings.indexed", Type.COUNTER, null,
            "Recordings indexed, by status: IN_PROGRESS when first seen being written, then once more by final status",
            "status"),
    RECORDING_PLAYBACK_REQUESTS("cti.recording.playback.requests", Type.COUNTER, null,
            "Recording audio requests (and playback tickets), by outcome", "outcome"),
    RECORDING_DISK_BELOW_FLOOR("cti.recording.disk.below.floor", Type.GAUGE, null,
            "1 while the gateway's recording directory is under its free-space floor (new calls not recorded), else 0"),
    RECORDING_DISK_FREE("cti.recording.disk.free", Type.GAUGE, "bytes",
            "Free space in the gateway's recording directory, as last reported"),
    RECORDINGS_RETENTION("cti.recordings.retention", Type.COUNTER, null,
            "Recordings the retention job had deleted, by result (deleted, not_found, failed)", "result"),

    // supervisor monitoring (monitor.Monitors)
    MONITOR_SESSIONS_STARTED("cti.monitor.sessions.started", Type.COUNTER, null,
            "Supervisor monitor sessions started, by mode", "mode"),
    MONITOR_SESSIONS_LIVE("cti.monitor.sessions.live", Type.GAUGE, null,
            "Supervisor monitor sessions calling or active now"),
    MONITOR_EVENTS_UNEXPECTED("cti.monitor.events.unexpected", Type.COUNTER, null,
            "Monitor events a session's state did not expect (unknown monitor, already ended), by event", "event");

    private final String name;
    private final Type type;
    private final String baseUnit;
    private final String description;
    private final KeyName[] keyNames;

    ServerMeters(String name, Type type, String baseUnit, String description, String... tagKeys) {
        this.name = name;
        this.type = type;
        this.baseUnit = baseUnit;
        this.description = description;
        this.keyNames = MeterCatalogue.keyNames(tagKeys);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Type getType() {
        return type;
    }

    @Override
    public String getBaseUnit() {
        return baseUnit;
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public KeyName[] getKeyNames() {
        return keyNames.clone();
    }
}
