package dev.cti.link.message;

import java.util.Objects;

/**
 * Progress of a {@link Consult}.
 *
 * @param agentId       the agent who consults
 * @param targetAgentId the consulted agent, or null when a number was dialled
 */
public record ConsultProgress(String callId, String agentId, String targetAgentId, ConsultState state, long at)
        implements CallEvent {

    public ConsultProgress {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(state, "state");
    }
}
