package dev.cti.link.message;

import java.util.Objects;

/** A monitor session is over (or never started: {@code NOT_ANSWERED}); the supervisor's leg is gone. */
public record MonitorEnded(String monitorId, String callId, MonitorEndReason reason, long at) implements CallEvent {

    public MonitorEnded {
        Objects.requireNonNull(monitorId, "monitorId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(reason, "reason");
    }
}
