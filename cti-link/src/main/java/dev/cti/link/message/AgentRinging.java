package dev.cti.link.message;

import java.util.Objects;

/**
 * The agent's phone is ringing for the call (the gateway sent INVITE and got 180/183).
 */
public record AgentRinging(String callId, String agentId, String extension, long at) implements CallEvent {

    public AgentRinging {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(extension, "extension");
    }
}
