package dev.cti.server.monitor;

import dev.cti.protocol.statemachine.TransitionTable;
import java.util.Optional;

/**
 * Where a monitor session stands, and its one transition table, on the shared kernel
 * ({@code dev.cti.protocol.statemachine}, like the gateway's monitor, call and leg machines).
 *
 * <pre>
 * state     event          -> state
 * CALLING   STARTED        -> ACTIVE     the supervisor's phone answered (MonitorStarted)
 * CALLING   ENDED          -> ENDED      not answered, refused, stopped, the call went away
 * ACTIVE    MODE_CHANGED   -> ACTIVE     MonitorModeChanged
 * ACTIVE    ENDED          -> ENDED      MonitorEnded, CallCleared, call gone from the snapshot
 * ENDED     (anything)     -> unexpected (logged and counted by {@link Monitors})
 * </pre>
 */
public enum MonitorState {
    /** StartMonitor sent; the gateway rings the supervisor's phone. Exists because answering takes time. */
    CALLING,
    /** The mixer is attached in the session's mode. */
    ACTIVE,
    /** Over; kept only long enough to be pushed. */
    ENDED;

    /** What can happen to a session. */
    public enum Event { STARTED, MODE_CHANGED, ENDED }

    static final TransitionTable<MonitorState, Event> TABLE = TransitionTable.builder(MonitorState.class, Event.class)
            .on(CALLING, Event.STARTED, ACTIVE)
            .on(CALLING, Event.ENDED, ENDED)
            .on(ACTIVE, Event.MODE_CHANGED, ACTIVE)
            .on(ACTIVE, Event.ENDED, ENDED)
            .build();

    /** The state after {@code event}, or empty when this state does not expect it. */
    public Optional<MonitorState> on(Event event) {
        return TABLE.next(this, event);
    }

    /** The JSON name (calling, active, ended). */
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
