package dev.cti.link.message;

import java.util.Objects;

/**
 * Ringing the agent ended without an answer; the caller is back to the queue treatment in the gateway.
 *
 * @param ringMillis how long the phone rang
 */
public record AgentRingFailed(
        String callId,
        String agentId,
        RingFailureReason reason,
        long ringMillis,
        long at)
        implements CallEvent {

    public AgentRingFailed {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(reason, "reason");
    }
}
