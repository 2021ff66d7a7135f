package dev.cti.link.net;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway-side link state machine, as one table. {@link LinkClient} moves only through
 * {@link #next}; anything the table does not list is logged and counted there.
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

    /** The transition table, read-only. */
    static final Map<State, Map<Event, State>> TABLE = build();

    private static Map<State, Map<Event, State>> build() {
        Map<State, Map<Event, State>> table = new EnumMap<>(State.class);
        on(table, State.IDLE, Event.START, State.CONNECTING);
        on(table, State.CONNECTING, Event.CONNECTED, State.SYNCING);
        on(table, State.CONNECTING, Event.CONNECT_FAILED, State.BACKING_OFF);
        on(table, State.SYNCING, Event.SNAPSHOT_SENT, State.LIVE);
        on(table, State.SYNCING, Event.SNAPSHOT_FAILED, State.BACKING_OFF);
        on(table, State.SYNCING, Event.CONNECTION_LOST, State.BACKING_OFF);
        on(table, State.LIVE, Event.SNAPSHOT_REQUESTED, State.SYNCING);
        on(table, State.LIVE, Event.CONNECTION_LOST, State.BACKING_OFF);
        on(table, State.BACKING_OFF, Event.RETRY_DUE, State.CONNECTING);
        for (State s : State.values()) {
            if (s != State.CLOSED) {
                on(table, s, Event.CLOSE, State.CLOSED);
            }
        }
        table.replaceAll((state, row) -> Collections.unmodifiableMap(row));
        return Collections.unmodifiableMap(table);
    }

    private ClientFsm() {}

    private static void on(Map<State, Map<Event, State>> table, State from, Event event, State to) {
        table.computeIfAbsent(from, k -> new EnumMap<>(Event.class)).put(event, to);
    }

    static Optional<State> next(State from, Event event) {
        return Optional.ofNullable(TABLE.getOrDefault(from, Map.of()).get(event));
    }
}
