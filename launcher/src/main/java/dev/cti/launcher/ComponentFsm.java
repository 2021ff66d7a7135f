package dev.cti.launcher;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The life of one supervised component, as one table. {@link Supervisor} moves only through {@link #next};
 * anything the table does not list is logged and ignored there.
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

    static final Map<State, Map<Event, State>> TABLE = build();

    private static Map<State, Map<Event, State>> build() {
        Map<State, Map<Event, State>> t = new EnumMap<>(State.class);
        on(t, State.IDLE, Event.START, State.RUNNING);
        on(t, State.IDLE, Event.STOP, State.STOPPED);
        on(t, State.RUNNING, Event.EXITED, State.BACKING_OFF);
        on(t, State.RUNNING, Event.STOP, State.STOPPING);
        on(t, State.BACKING_OFF, Event.RETRY_DUE, State.RUNNING);
        on(t, State.BACKING_OFF, Event.STOP, State.STOPPED);
        on(t, State.STOPPING, Event.EXITED, State.STOPPED);
        t.replaceAll((state, row) -> Collections.unmodifiableMap(row));
        return Collections.unmodifiableMap(t);
    }

    private ComponentFsm() {}

    private static void on(Map<State, Map<Event, State>> t, State from, Event event, State to) {
        t.computeIfAbsent(from, k -> new EnumMap<>(Event.class)).put(event, to);
    }

    static Optional<State> next(State from, Event event) {
        return Optional.ofNullable(TABLE.getOrDefault(from, Map.of()).get(event));
    }
}
