package dev.cti.server.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one event would do to an agent's machine ({@link AgentStateMachine#propose}), not yet applied: the snapshot
 * before and after, the state change, and the effects in the order the transition table lists them. Its
 * {@link #records()} are what must be durable before {@link AgentStateMachine#commit} applies it.
 */
public record Proposal(AgentSnapshot before, AgentSnapshot after, Optional<AgentStateChange> change, List<Step> steps,
                       TransitionResult result) {

    /** One effect of an accepted event. */
    public sealed interface Step permits StartTimer, CancelTimer, Requeue, HoldStep, WrapUpStep {}

    public record StartTimer(AgentTimer timer, Duration after, String callId) implements Step {}

    public record CancelTimer(AgentTimer timer) implements Step {}

    public record Requeue(String callId, String queueId) implements Step {}

    public record HoldStep(AgentRecords.Hold hold) implements Step {}

    public record WrapUpStep(WrapUpRecord wrapUp) implements Step {}

    public Proposal {
        steps = List.copyOf(steps);
    }

    static Proposal refused(AgentSnapshot current, TransitionResult rejected) {
        return new Proposal(current, current, Optional.empty(), List.of(), rejected);
    }

    /** The records to store before the proposal may be applied (empty when it changes nothing durable). */
    public AgentRecords records() {
        List<AgentRecords.Hold> holds = new ArrayList<>();
        List<WrapUpRecord> wrapUps = new ArrayList<>();
        for (Step s : steps) {
            if (s instanceof HoldStep h) {
                holds.add(h.hold());
            } else if (s instanceof WrapUpStep w) {
                wrapUps.add(w.wrapUp());
            }
        }
        return new AgentRecords(change, holds, wrapUps);
    }
}
