package dev.cti.link.message;

import java.util.Objects;

/**
 * The mixer of a monitored call now runs in {@code mode} (after {@link SetMonitorMode}). A change to
 * {@code TAKEOVER} means the agent leg has been released: the agent goes to wrap-up and the call is
 * the supervisor's from now on.
 */
public record MonitorModeChanged(String monitorId, String callId, MonitorMode mode, long at) implements CallEvent {

    public MonitorModeChanged {
        Objects.requireNonNull(monitorId, "monitorId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(mode, "mode");
    }
}
