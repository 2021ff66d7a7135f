package dev.cti.server.monitor;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a monitor session stands, and its one transition table.
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

    static final Map<MonitorState, Map<Event, MonitorState>> TABLE = table();

    private static Map<MonitorState, Map<Event, MonitorState>> table() {
        Map<MonitorState, Map<Event, MonitorState>> t = new EnumMap<>(MonitorState.class);
        for (MonitorState s : values()) {
            t.put(s, new EnumMap<>(Event.class));
        }
        t.get(CALLING).put(Event.STARTED, ACTIVE);
        t.get(CALLING).put(Event.ENDED, ENDED);
        t.get(ACTIVE).put(Event.MODE_CHANGED, ACTIVE);
        t.get(ACTIVE).put(Event.ENDED, ENDED);
        return t;
    }

    /** The state after {@code event}, or empty when this state does not expect it. */
    public Optional<MonitorState> on(Event event) {
        return Optional.ofNullable(TABLE.get(this).get(event));
    }

    /** The JSON name (calling, active, ended). */
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
