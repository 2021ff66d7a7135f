package dev.cti.launcher;

import dev.cti.protocol.statemachine.StateMachine;
import dev.cti.protocol.statemachine.TransitionTable;
import java.util.Optional;

/**
 * The life of one supervised component, as one table on the shared kernel ({@link TransitionTable},
 * {@link StateMachine}). {@link Supervisor} moves each component only through its {@link #machine}; anything the
 * table does not list is logged and ignored there.
 *
 * <pre>
 *  IDLE --START--> RUNNING --EXITED--> BACKING_OFF --RETRY_DUE--> RUNNING
 *                     |                     |
 *                    STOP                  STOP
 *                     v                     v
 *                  STOPPING --EXITED--> STOPPED <--STOP-- IDLE
 * </pre>
 */
final class ComponentFsm {

    enum State {
        /** Not started yet. */
        IDLE,
        /** The process runs. */
        RUNNING,
        /** It exited on its own: waiting for the back-off before it is started again. */
        BACKING_OFF,
        /** Asked to stop (SIGTERM); waiting for it to exit (the gateway drains meanwhile). */
        STOPPING,
        STOPPED
    }

    enum Event { START, EXITED, RETRY_DUE, STOP }

    /** The table, on the shared kernel ({@code dev.cti.protocol.statemachine}). */
    static final TransitionTable<State, Event> TRANSITIONS = TransitionTable.builder(State.class, Event.class)
            .on(State.IDLE, Event.START, State.RUNNING)
            .on(State.IDLE, Event.STOP, State.STOPPED)
            .on(State.RUNNING, Event.EXITED, State.BACKING_OFF)
            .on(State.RUNNING, Event.STOP, State.STOPPING)
            .on(State.BACKING_OFF, Event.RETRY_DUE, State.RUNNING)
            .on(State.BACKING_OFF, Event.STOP, State.STOPPED)
            .on(State.STOPPING, Event.EXITED, State.STOPPED)
            .build();

    private ComponentFsm() {}

    static Optional<State> next(State from, Event event) {
        return TRANSITIONS.next(from, event);
    }

    /** One component's machine, in {@code IDLE}; a trigger the table does not list goes to {@code unexpected}. */
    static StateMachine<State, Event> machine(StateMachine.UnexpectedHandler<State, Event> unexpected) {
        return new StateMachine<>(TRANSITIONS, State.IDLE, unexpected);
    }
}
