package dev.cti.server.agent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable records one accepted event produces, written together in one transaction before the event takes
 * effect ({@link AgentJournal#recordTransition}): the state change, holds begun or ended, a wrap-up code.
 */
public record AgentRecords(Optional<AgentStateChange> change, List<Hold> holds, List<WrapUpRecord> wrapUps) {

    /** A hold began ({@code held}) or ended on a call (table {@code holds}). */
    public record Hold(String callId, String agentId, boolean held, Instant at) {}

    public AgentRecords {
        holds = List.copyOf(holds);
        wrapUps = List.copyOf(wrapUps);
    }

    public boolean isEmpty() {
        return change.isEmpty() && holds.isEmpty() && wrapUps.isEmpty();
    }
}
