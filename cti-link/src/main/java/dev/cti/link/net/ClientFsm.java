package dev.cti.link.net;

import dev.cti.protocol.statemachine.StateMachine;
import dev.cti.protocol.statemachine.TransitionTable;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway-side link state machine, as one table on the shared kernel ({@link TransitionTable},
 * {@link StateMachine}). {@link LinkClient} moves only through its {@link #machine}; anything the table does not
 * list is logged and counted there.
 *
 * <pre>
 *  IDLE --START--> CONNECTING --CONNECTED--> SYNCING --SNAPSHOT_SENT--> LIVE
 *                      |                        |  ^                      |
 *               CONNECT_FAILED   CONNECTION_LOST |  +--SNAPSHOT_REQUESTED--+
 *                      v          SNAPSHOT_FAILED v                        | CONNECTION_LOST
 *                  BACKING_OFF <-------------------------------------------+
 *                      +--RETRY_DUE--> CONNECTING
 *  any state but CLOSED --CLOSE--> CLOSED
 * </pre>
 */
final class ClientFsm {

    enum State {
        /** Created, {@code start} not called yet. */
        IDLE,
        /** TCP connect in progress. */
        CONNECTING,
        /** Hello sent, waiting for the gateway's snapshot; live events are held back until it is sent. */
        SYNCING,
        /** Snapshot sent; events go out as they happen. */
        LIVE,
        /** Waiting for the reconnect timer; events are dropped (the next snapshot covers them). */
        BACKING_OFF,
        CLOSED
    }

    enum Event { START, CONNECTED, CONNECT_FAILED, SNAPSHOT_SENT, SNAPSHOT_FAILED, SNAPSHOT_REQUESTED, CONNECTION_LOST, RETRY_DUE, CLOSE }

    /** The transition table, on the shared kernel ({@code dev.cti.protocol.statemachine}). */
    static final TransitionTable<State, Event> TRANSITIONS = build();

    /** The same table as a read-only map, for the test that walks it. */
    static final Map<State, Map<Event, State>> TABLE = TRANSITIONS.asMap();

    private static TransitionTable<State, Event> build() {
        TransitionTable.Builder<State, Event> table = TransitionTable.builder(State.class, Event.class)
                .on(State.IDLE, Event.START, State.CONNECTING)
                .on(State.CONNECTING, Event.CONNECTED, State.SYNCING)
                .on(State.CONNECTING, Event.CONNECT_FAILED, State.BACKING_OFF)
                .on(State.SYNCING, Event.SNAPSHOT_SENT, State.LIVE)
                .on(State.SYNCING, Event.SNAPSHOT_FAILED, State.BACKING_OFF)
                .on(State.SYNCING, Event.CONNECTION_LOST, State.BACKING_OFF)
                .on(State.LIVE, Event.SNAPSHOT_REQUESTED, State.SYNCING)
                .on(State.LIVE, Event.CONNECTION_LOST, State.BACKING_OFF)
                .on(State.BACKING_OFF, Event.RETRY_DUE, State.CONNECTING);
        for (State s : State.values()) {
            if (s != State.CLOSED) {
                table.on(s, Event.CLOSE, State.CLOSED);
            }
        }
        return table.build();
    }

    private ClientFsm() {}

    static Optional<State> next(State from, Event event) {
        return TRANSITIONS.next(from, event);
    }

    /** A client's machine, in {@code IDLE}; a trigger the table does not list goes to {@code unexpected}. */
    static StateMachine<State, Event> machine(StateMachine.UnexpectedHandler<State, Event> unexpected) {
        return new StateMachine<>(TRANSITIONS, State.IDLE, unexpected);
    }
}
