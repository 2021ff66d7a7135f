package dev.cti.link.message;

import java.util.Objects;

/**
 * Ring an agent's phone for a queued call and bridge it on answer.
 *
 * @param ringTimeoutSeconds after this the gateway cancels and sends {@link AgentRingFailed} NO_ANSWER
 */
public record DeliverToAgent(
        String callId,
        String agentId,
        String extension,
        int ringTimeoutSeconds)
        implements LinkCommand {

    public DeliverToAgent {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(extension, "extension");
    }
}
