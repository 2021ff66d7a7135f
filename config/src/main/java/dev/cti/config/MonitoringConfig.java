package dev.cti.config;

/**
 * Supervisor monitoring of live calls (listen, whisper, barge, take over). Its one setting is whether the
 * monitored agent is told: silent listening is how quality checks are meant to work, while an agent who
 * hears a supervisor (whisper, barge) or loses the call (take over) should see why on the desktop.
 *
 * @param notifyAgent per monitor mode, whether the agent's desktop gets the monitor events
 */
public record MonitoringConfig(NotifyAgent notifyAgent) {
    /** The defaults of the schema (listen silent, every other mode shown). */
    public static final MonitoringConfig DEFAULTS = new MonitoringConfig(new NotifyAgent(false, true, true, true));

    /** Whether the monitored agent is told, for each mode. */
    public record NotifyAgent(boolean listen, boolean whisper, boolean barge, boolean takeover) {}
}
