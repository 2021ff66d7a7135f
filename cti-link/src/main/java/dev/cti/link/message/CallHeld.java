package dev.cti.link.message;

import java.util.Objects;

/**
 * The caller is on hold and hears music: the agent's phone held it (re-INVITE sendonly/inactive) or the
 * gateway did on {@link HoldCall}.
 */
public record CallHeld(String callId, String agentId, long at) implements CallEvent {

    public CallHeld {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(agentId, "agentId");
    }
}
