package dev.cti.server.call;

/** The meters of a restart's restore ({@link RestartRecovery}; docs/METRICS.md). */
enum RestoreMeters {
    CALLS_LOST("cti.restore.calls.lost",
            "Calls a crash left in progress that the gateway no longer had at the first snapshot after the start: "
                    + "stored as LOST_ON_RESTART"),
    WAITING_FOR_GATEWAY("cti.restore.waiting.for.gateway",
            "1 while, past storage.restoreGraceSeconds after the start, calls or agents restored on a call still "
                    + "wait for the gateway's first snapshot (gauge)"),
    AGENTS_RESTORED("cti.restore.agents", "Agents put back in their last stored state at the start (gauge)");

    private final String name;
    private final String help;

    RestoreMeters(String name, String help) {
        this.name = name;
        this.help = help;
    }

    String meterName() {
        return name;
    }

    String help() {
        return help;
    }
}
