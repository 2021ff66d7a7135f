package dev.cti.link.message;

import java.util.Objects;

/**
 * The supervisor's phone answered and the mixer is attached to the call in {@code mode}. With
 * {@code TAKEOVER} the agent leg has already been released: the agent goes to wrap-up.
 *
 * @param agentId the agent the call was with when monitoring started
 */
public record MonitorStarted(String monitorId, String callId, String supervisor, String agentId, MonitorMode mode,
                             long at) implements CallEvent {

    public MonitorStarted {
        Objects.requireNonNull(monitorId, "monitorId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(supervisor, "supervisor");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(mode, "mode");
    }
}
