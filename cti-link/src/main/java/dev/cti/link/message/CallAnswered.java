package dev.cti.link.message;

import java.util.Objects;

/**
 * The agent answered; caller and agent are bridged.
 *
 * @param ringMillis how long the phone rang before the answer
 */
public record CallAnswered(String callId, String agentId, long ringMillis, long at) implements CallEvent {

    public CallAnswered {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(agentId, "agentId");
    }
}
