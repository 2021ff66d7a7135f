package dev.cti.server.agent;

import static dev.cti.server.agent.AgentEventType.*;
import static dev.cti.server.agent.AgentState.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * THE transition table of the agent state machine: one row per accepted (state, event) pair. Every pair
 * not listed is illegal and goes to the machine's unexpected-event handler. Its rows carry guards, computed
 * targets and actions, which the shared kernel's {@code TransitionTable} (state, trigger → state) cannot hold:
 * see {@link AgentStateMachine} for why this table is not on the kernel.
 *
 * <pre>
 * LOGGED_OUT  LOGIN            -> NOT_READY(system.login)
 * NOT_READY   SET_READY        -> READY
 *             SET_NOT_READY(r) -> NOT_READY(r)                  reason change
 *             DIAL             -> DIALING                       returns to NOT_READY(r) afterwards
 *             LOGOUT           -> LOGGED_OUT
 * READY       SET_NOT_READY(r) -> NOT_READY(r)
 *             CALL_OFFERED     -> RESERVED                      ring timer (queue's ring timeout)
 *             DIAL             -> DIALING
 *             LOGOUT           -> LOGGED_OUT
 * RESERVED    ANSWERED         -> ON_CALL
 *             RING_NO_ANSWER   -> NOT_READY(system.rona)        call back to the head of its queue
 *             RING_FAILED      -> NOT_READY(system.ring-failed) call back to the head of its queue
 *             CALL_ENDED       -> READY | NOT_READY(pending)    caller gave up while ringing
 *             SET_NOT_READY(r) -> RESERVED                      remembered for after the call
 * ON_CALL     HELD / RESUMED   -> ON_CALL (held flag)
 *             CALL_ENDED       -> WRAP_UP                       wrap-up timer (queue's wrap-up time)
 *             SET_NOT_READY(r) -> ON_CALL                       remembered for after wrap-up
 * DIALING     DIAL_CONNECTED   -> ON_CALL
 *             DIAL_FAILED      -> READY | NOT_READY(pending)
 *             CALL_ENDED       -> READY | NOT_READY(pending)    agent hung up before the answer
 *             SET_NOT_READY(r) -> DIALING                       remembered
 * WRAP_UP     WRAP_UP_CODE     -> READY | NOT_READY(pending)    code recorded
 *             WRAP_UP_TIMEOUT  -> READY | NOT_READY(pending)
 *             SET_READY        -> READY                         refused while the queue requires a code
 *             SET_NOT_READY(r) -> WRAP_UP                       remembered for after wrap-up
 * any but LOGGED_OUT:
 *             FORCE_STATE(s)   -> s in {READY, NOT_READY(r)}   timers cancelled, ringing call requeued
 *             FORCE_LOGOUT     -> LOGGED_OUT                    same clean-up
 * </pre>
 */
public final class AgentTransitions {

    /** Where a row leads. Most rows name a state; some resolve it from the event or the snapshot. */
    public enum Target {
        STAY, LOGGED_OUT, READY, RESERVED, ON_CALL, WRAP_UP, DIALING,
        /** NOT_READY with the event's reason. */
        NOT_READY_REQUESTED,
        NOT_READY_LOGIN, NOT_READY_RONA, NOT_READY_RING_FAILED,
        /** NOT_READY(pending reason) when one is pending, else READY: the end of a call's work. */
        AFTER_WORK,
        /** The event's forced state. */
        FORCED
    }

    /** Conditions checked before a row applies; a failing guard rejects the event. */
    public enum Guard {
        /** The event has a reason the configuration knows. */
        VALID_REASON,
        /** The event names a call and (CALL_OFFERED) its queue. */
        NEW_CALL,
        /** The event's call id is the agent's current call. */
        SAME_CALL,
        NOT_HELD,
        IS_HELD,
        /** The event carries a wrap-up code allowed for the call's queue. */
        VALID_WRAP_UP_CODE,
        /** The call's queue does not require a wrap-up code. */
        CODE_NOT_REQUIRED,
        /** FORCE_STATE to READY, or to NOT_READY with a known reason (or none: system.forced). */
        VALID_FORCED_TARGET
    }

    /** Side effects of a row, executed in order after the guards pass. */
    public enum Action {
        ASSIGN_CALL, CLEAR_CALL,
        START_RING_TIMER, CANCEL_RING_TIMER,
        START_WRAP_UP_TIMER, CANCEL_WRAP_UP_TIMER,
        REQUEUE_CALL,
        SET_HELD, CLEAR_HELD,
        RECORD_WRAP_UP,
        /** pending := the event's reason. */
        REMEMBER_NOT_READY,
        /** pending := the current not-ready reason (dialling out from NOT_READY returns there). */
        REMEMBER_CURRENT_REASON,
        CLEAR_PENDING
    }

    /** One row. */
    public record Transition(AgentState from, AgentEventType event, List<Guard> guards, Target target,
                             List<Action> actions) {}

    private static final List<Action> NONE = List.of();

    /** The rows, in the order of the table above. */
    public static final List<Transition> TABLE;

    static {
        List<Transition> t = new ArrayList<>();
        t.add(row(AgentState.LOGGED_OUT, LOGIN, g(), Target.NOT_READY_LOGIN, NONE));

        t.add(row(NOT_READY, SET_READY, g(), Target.READY, NONE));
        t.add(row(NOT_READY, SET_NOT_READY, g(Guard.VALID_REASON), Target.NOT_READY_REQUESTED, NONE));
        t.add(row(NOT_READY, DIAL, g(Guard.NEW_CALL), Target.DIALING,
                List.of(Action.ASSIGN_CALL, Action.REMEMBER_CURRENT_REASON)));
        t.add(row(NOT_READY, LOGOUT, g(), Target.LOGGED_OUT, NONE));

        t.add(row(AgentState.READY, SET_NOT_READY, g(Guard.VALID_REASON), Target.NOT_READY_REQUESTED, NONE));
        t.add(row(AgentState.READY, CALL_OFFERED, g(Guard.NEW_CALL), Target.RESERVED,
                List.of(Action.ASSIGN_CALL, Action.START_RING_TIMER)));
        t.add(row(AgentState.READY, DIAL, g(Guard.NEW_CALL), Target.DIALING, List.of(Action.ASSIGN_CALL)));
        t.add(row(AgentState.READY, LOGOUT, g(), Target.LOGGED_OUT, NONE));

        t.add(row(AgentState.RESERVED, ANSWERED, g(Guard.SAME_CALL), Target.ON_CALL,
                List.of(Action.CANCEL_RING_TIMER)));
        t.add(row(AgentState.RESERVED, RING_NO_ANSWER, g(Guard.SAME_CALL), Target.NOT_READY_RONA,
                List.of(Action.REQUEUE_CALL, Action.CLEAR_CALL, Action.CLEAR_PENDING)));
        t.add(row(AgentState.RESERVED, RING_FAILED, g(Guard.SAME_CALL), Target.NOT_READY_RING_FAILED,
                List.of(Action.CANCEL_RING_TIMER, Action.REQUEUE_CALL, Action.CLEAR_CALL, Action.CLEAR_PENDING)));
        t.add(row(AgentState.RESERVED, CALL_ENDED, g(Guard.SAME_CALL), Target.AFTER_WORK,
                List.of(Action.CANCEL_RING_TIMER, Action.CLEAR_CALL, Action.CLEAR_PENDING)));
        t.add(row(AgentState.RESERVED, SET_NOT_READY, g(Guard.VALID_REASON), Target.STAY,
                List.of(Action.REMEMBER_NOT_READY)));

        t.add(row(AgentState.ON_CALL, HELD, g(Guard.SAME_CALL, Guard.NOT_HELD), Target.STAY,
                List.of(Action.SET_HELD)));
        t.add(row(AgentState.ON_CALL, RESUMED, g(Guard.SAME_CALL, Guard.IS_HELD), Target.STAY,
                List.of(Action.CLEAR_HELD)));
        t.add(row(AgentState.ON_CALL, CALL_ENDED, g(Guard.SAME_CALL), Target.WRAP_UP,
                List.of(Action.CLEAR_HELD, Action.START_WRAP_UP_TIMER)));
        t.add(row(AgentState.ON_CALL, SET_NOT_READY, g(Guard.VALID_REASON), Target.STAY,
                List.of(Action.REMEMBER_NOT_READY)));

        t.add(row(AgentState.DIALING, DIAL_CONNECTED, g(Guard.SAME_CALL), Target.ON_CALL, NONE));
        t.add(row(AgentState.DIALING, DIAL_FAILED, g(Guard.SAME_CALL), Target.AFTER_WORK,
                List.of(Action.CLEAR_CALL, Action.CLEAR_PENDING)));
        t.add(row(AgentState.DIALING, CALL_ENDED, g(Guard.SAME_CALL), Target.AFTER_WORK,
                List.of(Action.CLEAR_CALL, Action.CLEAR_PENDING)));
        t.add(row(AgentState.DIALING, SET_NOT_READY, g(Guard.VALID_REASON), Target.STAY,
                List.of(Action.REMEMBER_NOT_READY)));

        t.add(row(AgentState.WRAP_UP, WRAP_UP_CODE, g(Guard.VALID_WRAP_UP_CODE), Target.AFTER_WORK,
                List.of(Action.CANCEL_WRAP_UP_TIMER, Action.RECORD_WRAP_UP, Action.CLEAR_CALL,
                        Action.CLEAR_PENDING)));
        t.add(row(AgentState.WRAP_UP, WRAP_UP_TIMEOUT, g(Guard.SAME_CALL), Target.AFTER_WORK,
                List.of(Action.CLEAR_CALL, Action.CLEAR_PENDING)));
        t.add(row(AgentState.WRAP_UP, SET_READY, g(Guard.CODE_NOT_REQUIRED), Target.READY,
                List.of(Action.CANCEL_WRAP_UP_TIMER, Action.CLEAR_CALL, Action.CLEAR_PENDING)));
        t.add(row(AgentState.WRAP_UP, SET_NOT_READY, g(Guard.VALID_REASON), Target.STAY,
                List.of(Action.REMEMBER_NOT_READY)));

        for (AgentState s : AgentState.values()) {
            if (s == AgentState.LOGGED_OUT) {
                continue;
            }
            List<Action> cleanUp = cleanUp(s);
            t.add(row(s, FORCE_STATE, g(Guard.VALID_FORCED_TARGET), Target.FORCED, cleanUp));
            t.add(row(s, FORCE_LOGOUT, g(), Target.LOGGED_OUT, cleanUp));
        }
        TABLE = Collections.unmodifiableList(t);
    }

    private static final Map<AgentState, Map<AgentEventType, Transition>> INDEX = index();

    private AgentTransitions() {}

    /** The row for (state, event), if that pair is legal. */
    public static Optional<Transition> find(AgentState state, AgentEventType event) {
        return Optional.ofNullable(INDEX.get(state).get(event));
    }

    /** What a forced change must undo in each state. */
    private static List<Action> cleanUp(AgentState s) {
        return switch (s) {
            case RESERVED -> List.of(Action.CANCEL_RING_TIMER, Action.REQUEUE_CALL, Action.CLEAR_CALL,
                    Action.CLEAR_PENDING);
            case ON_CALL, DIALING -> List.of(Action.CLEAR_HELD, Action.CLEAR_CALL, Action.CLEAR_PENDING);
            case WRAP_UP -> List.of(Action.CANCEL_WRAP_UP_TIMER, Action.CLEAR_CALL, Action.CLEAR_PENDING);
            default -> NONE;
        };
    }

    private static Transition row(AgentState from, AgentEventType event, List<Guard> guards, Target target,
                                  List<Action> actions) {
        return new Transition(from, event, guards, target, actions);
    }

    private static List<Guard> g(Guard... guards) {
        return List.of(guards);
    }

    private static Map<AgentState, Map<AgentEventType, Transition>> index() {
        Map<AgentState, Map<AgentEventType, Transition>> m = new EnumMap<>(AgentState.class);
        for (AgentState s : AgentState.values()) {
            m.put(s, new EnumMap<>(AgentEventType.class));
        }
        for (Transition tr : TABLE) {
            if (m.get(tr.from()).put(tr.event(), tr) != null) {
                throw new IllegalStateException("duplicate row " + tr.from() + " x " + tr.event());
            }
        }
        return m;
    }
}
