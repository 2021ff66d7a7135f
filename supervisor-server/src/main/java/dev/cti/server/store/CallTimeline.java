package dev.cti.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the store holds about one call, read together for a recording's timeline ({@link CallTimelineStore}): its
 * CDR, the agent events about it (offers, ring failures, answers), holds and hold-threshold crossings, the scripts
 * shown, transfers, supervisor monitor actions from the audit log, wrap-ups and the keys pressed. Each list is
 * oldest first.
 */
public record CallTimeline(Optional<CallRecord> call, List<AgentStep> agentSteps, List<Hold> holds,
                           List<HoldThresholdCrossing> crossings, List<ScriptShown> scripts, List<Transfer> transfers,
                           List<AuditEntry> monitorActions, List<WrapUp> wrapUps, List<Key> keys) {

    /** A timeline without keys (a call nobody pressed a key on). */
    public CallTimeline(Optional<CallRecord> call, List<AgentStep> agentSteps, List<Hold> holds,
                        List<HoldThresholdCrossing> crossings, List<ScriptShown> scripts, List<Transfer> transfers,
                        List<AuditEntry> monitorActions, List<WrapUp> wrapUps) {
        this(call, agentSteps, holds, crossings, scripts, transfers, monitorActions, wrapUps, List.of());
    }

    public CallTimeline {
        agentSteps = List.copyOf(agentSteps);
        holds = List.copyOf(holds);
        crossings = List.copyOf(crossings);
        scripts = List.copyOf(scripts);
        transfers = List.copyOf(transfers);
        monitorActions = List.copyOf(monitorActions);
        wrapUps = List.copyOf(wrapUps);
        keys = List.copyOf(keys);
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

    /**
     * A key pressed on the call ({@code call_keys}, V7).
     *
     * @param leg   CALLER or AGENT
     * @param digit 0-9, *, #, A-D: a caller may be keying a card number, never show or log it where not needed
     */
    public record Key(String leg, String digit, Instant at) {}

    /** A wrap-up code chosen for the call. */
    public record WrapUp(String agentId, String code, Instant at) {}
}
