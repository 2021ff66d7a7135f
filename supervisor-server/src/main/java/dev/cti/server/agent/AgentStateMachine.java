package dev.cti.server.agent;

import dev.cti.server.agent.AgentTransitions.Action;
import dev.cti.server.agent.AgentTransitions.Guard;
import dev.cti.server.agent.AgentTransitions.Transition;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's state machine: applies {@link AgentTransitions#TABLE} to its {@link AgentSnapshot}.
 *
 * <p>Deciding and applying are separate: {@link #propose} computes what an event would do (new snapshot, the
 * records to store, the effects) without changing anything, and {@link #commit} applies it. The
 * {@link AgentRegistry} commits only after the proposal's records are durable, so a failed write leaves the machine
 * exactly where it was (design principle 5: memory is never ahead of the database).
 *
 * <p>Not thread-safe on purpose: each instance is driven from one Vert.x context (see
 * {@link AgentRegistry}), so it needs no locks. {@link #fire} never throws for a bad event: illegal
 * pairs and failing guards are logged, counted through {@link AgentEffects#rejected} and answered with
 * {@link TransitionResult.Rejected}.
 *
 * <p><b>Why not the shared kernel.</b> The other machines of the project (the gateway's call, leg, monitor and
 * playback, the agent client's call, the link client, the launcher, the server's monitor sessions) run on
 * {@code dev.cti.protocol.statemachine}: a {@code TransitionTable} maps (state, trigger) to one next state, and
 * {@code StateMachine.fire} moves there at once. This machine keeps its own richer table
 * ({@link AgentTransitions}) because its rows say more than a state: guards that read the event, the snapshot and
 * the configuration, each refusing with its own {@link RejectReason} (the API's 400/409 codes); targets computed
 * when the row fires ({@code STAY}, {@code AFTER_WORK}: NOT_READY with the pending reason or READY, {@code FORCED},
 * the system reasons), where the state's reason is part of where the agent goes; ordered actions that become
 * the proposal's records and effects; and deciding apart from applying ({@link #propose} / {@link #commit}), so
 * memory moves only after the store has the records (and {@link #restore}, which {@code StateMachine} has no way
 * to do). Written on the kernel, only the question "is this pair legal" would be the kernel's, and the guards,
 * targets and actions would sit in a second table beside it: two tables for one machine instead of the one a
 * test walks. What it shares with the kernel is the shape: enum states and events, one
 * declarative table walked by its test ({@code AgentStateMachineTest}), a duplicate row a programming error, an
 * unlisted pair never thrown but logged and counted ({@link AgentEffects#rejected}), one thread per instance.
 */
public final class AgentStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(AgentStateMachine.class);

    private final QueueRules rules;
    private final AgentEffects effects;
    private final Clock clock;
    private AgentSnapshot snapshot;
    private long rejectedCount;

    public AgentStateMachine(String agentId, QueueRules rules, AgentEffects effects, Clock clock) {
        this.rules = Objects.requireNonNull(rules);
        this.effects = Objects.requireNonNull(effects);
        this.clock = Objects.requireNonNull(clock);
        this.snapshot = AgentSnapshot.loggedOut(agentId, clock.instant());
    }

    /** Starts from a known snapshot (restored or reconciled state, and tests). */
    public AgentStateMachine(AgentSnapshot initial, QueueRules rules, AgentEffects effects, Clock clock) {
        this(initial.agentId(), rules, effects, clock);
        this.snapshot = initial;
    }

    public AgentSnapshot snapshot() {
        return snapshot;
    }

    /** Events refused so far by this machine. */
    public long rejectedCount() {
        return rejectedCount;
    }

    /**
     * Decides and applies {@code event} at once: {@link #propose} then {@link #commit} (for tests and callers that
     * store nothing; the {@link AgentRegistry} stores the proposal's records in between).
     */
    public TransitionResult fire(AgentEvent event) {
        Proposal p = propose(event);
        if (p.result().accepted()) {
            commit(p);
        }
        return p.result();
    }

    /**
     * What {@code event} would do, without doing it: the machine's snapshot is unchanged and no effect has run
     * (a refusal is logged and counted). Apply an accepted proposal with {@link #commit} once its
     * {@link Proposal#records()} are durable, or drop it when they could not be stored.
     */
    public Proposal propose(AgentEvent event) {
        AgentState from = snapshot.state();
        Optional<Transition> row = AgentTransitions.find(from, event.type());
        if (row.isEmpty()) {
            return Proposal.refused(snapshot, reject(event, RejectReason.ILLEGAL_TRANSITION,
                    event.type() + " is not allowed in state " + from));
        }
        Transition tr = row.get();
        for (Guard guard : tr.guards()) {
            Optional<TransitionResult> refused = check(guard, event);
            if (refused.isPresent()) {
                return Proposal.refused(snapshot, refused.get());
            }
        }
        return decide(tr, event);
    }

    /**
     * Applies an accepted proposal made from the current snapshot: the new snapshot, then its effects in the
     * table's order (timers, requeue, hold and wrap-up notices), the state change, the snapshot notice.
     *
     * @throws IllegalStateException when the machine moved since the proposal was made (a caller's bug)
     */
    public void commit(Proposal p) {
        if (!p.result().accepted()) {
            throw new IllegalArgumentException("a refused proposal cannot be committed");
        }
        if (p.before() != snapshot) {
            throw new IllegalStateException("agent " + snapshot.agentId() + " moved since the proposal was made");
        }
        snapshot = p.after();
        String agentId = snapshot.agentId();
        p.change().ifPresent(c -> LOG.info("agent {} {} -> {}{} by {} on {}", agentId, c.from(), c.to(),
                c.reason().map(r -> "(" + r + ")").orElse(""), c.cause(), c.event()));
        for (Proposal.Step step : p.steps()) {
            if (step instanceof Proposal.StartTimer t) {
                effects.startTimer(agentId, t.timer(), t.after(), t.callId());
            } else if (step instanceof Proposal.CancelTimer t) {
                effects.cancelTimer(agentId, t.timer());
            } else if (step instanceof Proposal.Requeue r) {
                effects.requeueAtHead(agentId, r.callId(), r.queueId());
            } else if (step instanceof Proposal.HoldStep h) {
                effects.holdChanged(agentId, h.hold().callId(), h.hold().held(), h.hold().at());
            } else if (step instanceof Proposal.WrapUpStep w) {
                effects.wrapUpRecorded(w.wrapUp());
            }
        }
        p.change().ifPresent(effects::stateChanged);
        effects.snapshotChanged(snapshot);
    }

    /**
     * Puts the machine in {@code restored} without a transition, no record, no effect: the state read back from the
     * durable history after a restart (timers are the caller's to resume).
     */
    public void restore(AgentSnapshot restored) {
        if (!restored.agentId().equals(snapshot.agentId())) {
            throw new IllegalArgumentException("snapshot of " + restored.agentId() + " for " + snapshot.agentId());
        }
        snapshot = restored;
    }

    private Optional<TransitionResult> check(Guard guard, AgentEvent e) {
        switch (guard) {
            case VALID_REASON -> {
                if (e.reason().isEmpty()) {
                    return Optional.of(reject(e, RejectReason.MISSING_FIELD, "a not-ready reason is required"));
                }
                if (!rules.notReadyReasonAllowed(e.reason().get())) {
                    return Optional.of(reject(e, RejectReason.UNKNOWN_REASON,
                            "unknown not-ready reason '" + e.reason().get() + "'"));
                }
            }
            case NEW_CALL -> {
                if (e.callId().isEmpty()) {
                    return Optional.of(reject(e, RejectReason.MISSING_FIELD, e.type() + " needs a call id"));
                }
                if (e.type() == AgentEventType.CALL_OFFERED && e.queueId().isEmpty()) {
                    return Optional.of(reject(e, RejectReason.MISSING_FIELD, "CALL_OFFERED needs a queue"));
                }
                if (e.type() == AgentEventType.DIAL && e.number().isEmpty()) {
                    return Optional.of(reject(e, RejectReason.MISSING_FIELD, "DIAL needs a number"));
                }
            }
            case SAME_CALL -> {
                if (e.callId().isEmpty() || !e.callId().equals(snapshot.callId())) {
                    return Optional.of(reject(e, RejectReason.WRONG_CALL, e.type() + " for call "
                            + e.callId().orElse("(none)") + " but the agent's call is "
                            + snapshot.callId().orElse("(none)")));
                }
            }
            case NOT_HELD -> {
                if (snapshot.held()) {
                    return Optional.of(reject(e, RejectReason.ALREADY_HELD, "the call is already on hold"));
                }
            }
            case IS_HELD -> {
                if (!snapshot.held()) {
                    return Optional.of(reject(e, RejectReason.NOT_HELD, "the call is not on hold"));
                }
            }
            case VALID_WRAP_UP_CODE -> {
                if (e.code().isEmpty()) {
                    return Optional.of(reject(e, RejectReason.MISSING_FIELD, "a wrap-up code is required"));
                }
                if (!rules.wrapUpCodeAllowed(snapshot.queueId(), e.code().get())) {
                    return Optional.of(reject(e, RejectReason.UNKNOWN_WRAP_UP_CODE, "wrap-up code '"
                            + e.code().get() + "' is not offered for queue " + snapshot.queueId().orElse("(none)")));
                }
            }
            case CODE_NOT_REQUIRED -> {
                if (rules.wrapUpCodeRequired(snapshot.queueId())) {
                    return Optional.of(reject(e, RejectReason.WRAP_UP_CODE_REQUIRED, "queue "
                            + snapshot.queueId().orElse("") + " requires a wrap-up code before READY"));
                }
            }
            case VALID_FORCED_TARGET -> {
                AgentState to = e.forcedState().orElse(null);
                if (to != AgentState.READY && to != AgentState.NOT_READY) {
                    return Optional.of(reject(e, RejectReason.INVALID_TARGET_STATE,
                            "a forced state must be READY or NOT_READY, not " + to));
                }
                if (to == AgentState.NOT_READY && e.reason().isPresent()
                        && !rules.notReadyReasonAllowed(e.reason().get())) {
                    return Optional.of(reject(e, RejectReason.UNKNOWN_REASON,
                            "unknown not-ready reason '" + e.reason().get() + "'"));
                }
            }
            default -> throw new AssertionError(guard);
        }
        return Optional.empty();
    }

    private Proposal decide(Transition tr, AgentEvent e) {
        Instant now = clock.instant();
        AgentSnapshot before = snapshot;
        AgentSnapshot s = before;
        String agentId = s.agentId();
        java.util.List<Proposal.Step> steps = new java.util.ArrayList<>();
        for (Action action : tr.actions()) {
            switch (action) {
                case ASSIGN_CALL -> s = s.withCall(e.callId(), e.queueId());
                case CLEAR_CALL -> s = s.withCall(Optional.empty(), Optional.empty());
                case START_RING_TIMER -> steps.add(new Proposal.StartTimer(AgentTimer.RING,
                        rules.ringTimeout(s.queueId()), s.callId().orElseThrow()));
                case CANCEL_RING_TIMER -> steps.add(new Proposal.CancelTimer(AgentTimer.RING));
                case START_WRAP_UP_TIMER -> steps.add(new Proposal.StartTimer(AgentTimer.WRAP_UP,
                        rules.wrapUpTime(s.queueId()), s.callId().orElseThrow()));
                case CANCEL_WRAP_UP_TIMER -> steps.add(new Proposal.CancelTimer(AgentTimer.WRAP_UP));
                case REQUEUE_CALL -> steps.add(new Proposal.Requeue(s.callId().orElseThrow(), s.queueId().orElse("")));
                case SET_HELD -> {
                    s = s.withHeld(true);
                    steps.add(new Proposal.HoldStep(new AgentRecords.Hold(s.callId().orElseThrow(), agentId, true,
                            now)));
                }
                case CLEAR_HELD -> {
                    if (s.held()) {
                        steps.add(new Proposal.HoldStep(new AgentRecords.Hold(s.callId().orElseThrow(), agentId,
                                false, now)));
                    }
                    s = s.withHeld(false);
                }
                case RECORD_WRAP_UP -> steps.add(new Proposal.WrapUpStep(new WrapUpRecord(agentId,
                        s.callId().orElseThrow(), s.queueId(), e.code().orElseThrow(), e.notes(), e.cause(), now)));
                case REMEMBER_NOT_READY -> s = s.withPending(e.reason());
                case REMEMBER_CURRENT_REASON -> s = s.withPending(s.reason());
                case CLEAR_PENDING -> { /* applied after the target is resolved: it may need the pending reason */ }
                default -> throw new AssertionError(action);
            }
        }
        AgentState to;
        Optional<String> reason;
        switch (tr.target()) {
            case STAY -> {
                to = before.state();
                reason = before.reason();
            }
            case NOT_READY_REQUESTED -> {
                to = AgentState.NOT_READY;
                reason = e.reason();
            }
            case NOT_READY_LOGIN -> {
                to = AgentState.NOT_READY;
                reason = Optional.of(SystemReasons.LOGIN);
            }
            case NOT_READY_RONA -> {
                to = AgentState.NOT_READY;
                reason = Optional.of(SystemReasons.RONA);
            }
            case NOT_READY_RING_FAILED -> {
                to = AgentState.NOT_READY;
                reason = Optional.of(SystemReasons.RING_FAILED);
            }
            case AFTER_WORK -> {
                to = s.pendingNotReady().isPresent() ? AgentState.NOT_READY : AgentState.READY;
                reason = s.pendingNotReady();
            }
            case FORCED -> {
                to = e.forcedState().orElseThrow();
                reason = to == AgentState.NOT_READY
                        ? Optional.of(e.reason().orElse(SystemReasons.FORCED)) : Optional.empty();
            }
            case LOGGED_OUT -> {
                to = AgentState.LOGGED_OUT;
                reason = Optional.empty();
            }
            default -> {
                to = AgentState.valueOf(tr.target().name());
                reason = Optional.empty();
            }
        }
        if (tr.actions().contains(Action.CLEAR_PENDING)) {
            s = s.withPending(Optional.empty());
        }
        boolean changed = to != before.state() || !reason.equals(before.reason());
        Optional<AgentStateChange> change = Optional.empty();
        if (changed) {
            s = s.withState(to, reason, now);
            AgentStateChange c = new AgentStateChange(agentId, before.state(), before.reason(), to, reason,
                    e.type(), e.cause(), e.callId().or(before::callId), now);
            change = Optional.of(c);
        }
        return new Proposal(before, s, change, steps, new TransitionResult.Accepted(s, change));
    }

    private TransitionResult reject(AgentEvent event, RejectReason reason, String message) {
        rejectedCount++;
        LOG.warn("agent {} rejected {} in {}: {} ({})", snapshot.agentId(), event, snapshot.state(), reason,
                message);
        effects.rejected(snapshot.state(), event.type(), reason);
        return new TransitionResult.Rejected(snapshot, event.type(), reason, message);
    }
}
