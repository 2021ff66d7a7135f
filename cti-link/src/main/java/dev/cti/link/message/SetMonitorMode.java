package dev.cti.link.message;

import java.util.Objects;

/**
 * Switch a running monitor session to another mode without re-dialling. Result:
 * {@link MonitorModeChanged}; {@link CommandRejected} {@code INVALID_STATE} when the session is not
 * active (still calling the supervisor, or already taken over: take-over is final).
 */
public record SetMonitorMode(String monitorId, String callId, MonitorMode mode) implements LinkCommand {

    public SetMonitorMode {
        Objects.requireNonNull(monitorId, "monitorId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(mode, "mode");
    }
}
