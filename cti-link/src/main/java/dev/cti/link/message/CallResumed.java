package dev.cti.link.message;

import java.util.Objects;

/**
 * The agent took the caller off hold.
 */
public record CallResumed(String callId, String agentId, long at) implements CallEvent {

    public CallResumed {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(agentId, "agentId");
    }
}
