package dev.cti.link.message;

import java.util.Objects;

/**
 * End a monitor session: the gateway hangs up the supervisor's leg (or cancels it while it rings) and
 * the call returns to the plain relay. Result: {@link MonitorEnded} {@code STOPPED}. After a take-over
 * there is no session to stop (the supervisor is the call's agent): {@code INVALID_STATE}.
 */
public record StopMonitor(String monitorId, String callId) implements LinkCommand {

    public StopMonitor {
        Objects.requireNonNull(monitorId, "monitorId");
        Objects.requireNonNull(callId, "callId");
    }
}
