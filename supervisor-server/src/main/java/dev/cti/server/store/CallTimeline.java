package dev.cti.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the store holds about one call, read together for a recording's timeline ({@link CallTimelineStore}): its
 * CDR, the agent events about it (offers, ring failures, answers), holds and hold-threshold crossings, the scripts
 * shown, transfers, supervisor monitor actions from the audit log, and wrap-ups. Each list is oldest first.
 */
public record CallTimeline(Optional<CallRecord> call, List<AgentStep> agentSteps, List<Hold> holds,
                           List<HoldThresholdCrossing> crossings, List<ScriptShown> scripts, List<Transfer> transfers,
                           List<AuditEntry> monitorActions, List<WrapUp> wrapUps) {

    public CallTimeline {
        agentSteps = List.copyOf(agentSteps);
        holds = List.copyOf(holds);
        crossings = List.copyOf(crossings);
        scripts = List.copyOf(scripts);
        transfers = List.copyOf(transfers);
        monitorActions = List.copyOf(monitorActions);
        wrapUps = List.copyOf(wrapUps);
    }

    /** An agent state change caused by the call ({@code agent_state_history}): an offer, ring failure or answer. */
    public record AgentStep(String agentId, String event, String toState, Instant at) {}

    /** A hold of the call ({@code holds}); no end while it lasts. */
    public record Hold(Optional<String> agentId, Instant startedAt, Optional<Instant> endedAt) {}

    /**
     * A transfer ({@code call_transfers}).
     *
     * @param kind    QUEUE or NUMBER
     * @param target  queue id or number (a number is personal data: mask it before showing it)
     * @param outcome COMPLETED or FAILED
     */
    public record Transfer(Optional<String> agentId, String kind, String target, String outcome, Instant at) {}

    /** A wrap-up code chosen for the call. */
    public record WrapUp(String agentId, String code, Instant at) {}
}
