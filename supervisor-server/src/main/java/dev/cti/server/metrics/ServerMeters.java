package dev.cti.server.metrics;

/**
 * The catalogue of the server's meter names and help texts: one place, base units, {@code _total}
 * added by the Prometheus registry for counters. No per-call or per-agent labels.
 */
public enum ServerMeters {
    AGENT_EVENTS_REJECTED("cti.agent.events.rejected",
            "Agent state-machine events refused (illegal transition or failed guard), by state, event, reason"),
    AGENT_TRANSITIONS("cti.agent.transitions", "Agent state changes made, by target state"),
    AGENT_EVENTS_UNSTORED("cti.agent.events.unstored",
            "Agent events not applied because their records could not be stored (the agent stays as it was), by event"),
    HTTP_BAD_REQUESTS("cti.http.bad.requests", "HTTP requests refused as malformed (bad JSON, missing fields)"),
    HTTP_AUTH_FAILURES("cti.http.auth.failures", "Logins refused and requests with a missing or bad token"),
    HTTP_FORBIDDEN("cti.http.forbidden", "Requests refused by the authorisation policy"),
    HTTP_TIMEOUTS("cti.http.timeouts",
            "REST requests answered 503 timeout because they were not answered within network.server.requestTimeoutSeconds"),
    WS_REJECTED("cti.ws.rejected", "WebSocket upgrades or sessions refused (origin or token)"),
    HTTP_LOGINS_REFUSED("cti.http.logins.refused",
            "Logins refused before the password was checked, by reason (locked: name or address locked out; busy: "
                    + "the hashing pool's queue was full)"),
    HTTP_RATE_LIMITED("cti.http.rate.limited", "Requests refused with 429 by a per-user rate limit, by endpoint"),
    WS_DROPPED("cti.ws.dropped",
            "WebSockets closed by the server, by reason (slow: its unsent pushes passed the budget; session_ended: "
                    + "logout or expiry; too_many: over the sockets-per-session cap)"),
    STORE_WRITES("cti.store.writes", "Durable store writes committed, by record kind"),
    STORE_WRITE_FAILURES("cti.store.write.failures", "Durable store writes that failed, by record kind"),
    CUSTOMER_IMPORT_BAD_ROWS("cti.customers.import.bad.rows", "Customer CSV rows refused on import"),
    LINK_EVENTS_FAILED("cti.link.events.failed", "Gateway events whose handling failed, by type"),
    LINK_EVENTS_UNEXPECTED("cti.link.events.unexpected", "Gateway events of a type the server does not handle"),
    LINK_COMMANDS_REJECTED("cti.link.commands.rejected", "Commands the gateway refused, by command type"),
    RING_FAILURES("cti.calls.ring.failures", "Offers to an agent that failed, by reason (no answer, busy, ...)"),
    HOLD_THRESHOLD_CROSSINGS("cti.hold.threshold.crossings",
            "Holds that lasted past a compliance threshold, by threshold in seconds"),
    RECONCILIATION_CORRECTIONS("cti.reconciliation.corrections",
            "Corrections made when reconciling agents and calls with the gateway's snapshot, by kind"),
    RECORDINGS_INDEXED("cti.recordings.indexed",
            "Recordings indexed, by status: IN_PROGRESS when first seen being written, then once more by final status"),
    RECORDING_PLAYBACK_REQUESTS("cti.recording.playback.requests",
            "Recording audio requests (and playback tickets), by outcome"),
    RECORDING_DISK_BELOW_FLOOR("cti.recording.disk.below.floor",
            "1 while the gateway's recording directory is under its free-space floor (new calls not recorded), else 0"),
    RECORDING_DISK_FREE("cti.recording.disk.free",
            "Free space in the gateway's recording directory, as last reported"),
    RECORDINGS_RETENTION("cti.recordings.retention",
            "Recordings the retention job had deleted, by result (deleted, not_found, failed)"),
    MONITOR_SESSIONS_STARTED("cti.monitor.sessions.started", "Supervisor monitor sessions started, by mode"),
    MONITOR_SESSIONS_LIVE("cti.monitor.sessions.live", "Supervisor monitor sessions calling or active now (gauge)"),
    MONITOR_EVENTS_UNEXPECTED("cti.monitor.events.unexpected",
            "Monitor events a session's state did not expect (unknown monitor, already ended), by event"),
    DIALS_REFUSED("cti.dials.refused",
            "Dials out refused by the role permissions or the trunk's dial plan (API, or reported by the gateway), "
                    + "by action (dial, transfer, refer, originate) and reason"),
    SIP_LOCKOUTS("cti.sip.lockouts", "Extensions the gateway's registrar locked out after failed REGISTERs");

    private final String name;
    private final String help;

    ServerMeters(String name, String help) {
        this.name = name;
        this.help = help;
    }

    public String meterName() {
        return name;
    }

    public String help() {
        return help;
    }

    /** The counter with this name and help text and the given tag key/value pairs. */
    public io.micrometer.core.instrument.Counter counter(io.micrometer.core.instrument.MeterRegistry registry,
                                                        String... tags) {
        return io.micrometer.core.instrument.Counter.builder(name).description(help).tags(tags).register(registry);
    }
}
