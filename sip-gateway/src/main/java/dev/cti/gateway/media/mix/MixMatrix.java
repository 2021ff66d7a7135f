package dev.cti.gateway.media.mix;

import static dev.cti.gateway.media.mix.Party.AGENT;
import static dev.cti.gateway.media.mix.Party.CUSTOMER;
import static dev.cti.gateway.media.mix.Party.SUPERVISOR;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Who hears whom: for each {@link MonitorMode}, for each listener, the set of parties mixed into what
 * that listener hears. Never the listener itself. One declarative table, read once per mixing tick,
 * so a mode change swaps the whole matrix at once.
 *
 * <pre>
 *  mode      | CUSTOMER hears    | AGENT hears            | SUPERVISOR hears
 *  ----------+-------------------+------------------------+------------------
 *  LISTEN    | AGENT             | CUSTOMER               | CUSTOMER, AGENT
 *  WHISPER   | AGENT             | CUSTOMER, SUPERVISOR   | CUSTOMER, AGENT
 *  BARGE     | AGENT, SUPERVISOR | CUSTOMER, SUPERVISOR   | CUSTOMER, AGENT
 *  TAKEOVER  | SUPERVISOR        | (detached: nothing)    | CUSTOMER
 * </pre>
 *
 * <p>A listener with an empty set is detached: it is sent no packets at all.
 */
public final class MixMatrix {

    private static final Map<MonitorMode, Map<Party, Set<Party>>> TABLE = table(
            row(MonitorMode.LISTEN,
                    hears(CUSTOMER, AGENT),
                    hears(AGENT, CUSTOMER),
                    hears(SUPERVISOR, CUSTOMER, AGENT)),
            row(MonitorMode.WHISPER,
                    hears(CUSTOMER, AGENT),
                    hears(AGENT, CUSTOMER, SUPERVISOR),
                    hears(SUPERVISOR, CUSTOMER, AGENT)),
            row(MonitorMode.BARGE,
                    hears(CUSTOMER, AGENT, SUPERVISOR),
                    hears(AGENT, CUSTOMER, SUPERVISOR),
                    hears(SUPERVISOR, CUSTOMER, AGENT)),
            row(MonitorMode.TAKEOVER,
                    hears(CUSTOMER, SUPERVISOR),
                    hears(AGENT),
                    hears(SUPERVISOR, CUSTOMER)));

    private MixMatrix() {}

    /** The parties {@code listener} hears in {@code mode} (unmodifiable; empty = detached). */
    public static Set<Party> sources(MonitorMode mode, Party listener) {
        return TABLE.get(mode).get(listener);
    }

    /** Whether anybody hears {@code source} in {@code mode} (if not, its audio is not even decoded). */
    public static boolean isHeard(MonitorMode mode, Party source) {
        for (Set<Party> heard : TABLE.get(mode).values()) {
            if (heard.contains(source)) {
                return true;
            }
        }
        return false;
    }

    private record Cell(Party listener, Set<Party> sources) {}

    private record Row(MonitorMode mode, Cell[] cells) {}

    private static Cell hears(Party listener, Party... sources) {
        EnumSet<Party> set = EnumSet.noneOf(Party.class);
        for (Party s : sources) {
            if (s == listener) {
                throw new IllegalStateException(listener + " would hear itself");
            }
            set.add(s);
        }
        return new Cell(listener, Collections.unmodifiableSet(set));
    }

    private static Row row(MonitorMode mode, Cell... cells) {
        return new Row(mode, cells);
    }

    private static Map<MonitorMode, Map<Party, Set<Party>>> table(Row... rows) {
        Map<MonitorMode, Map<Party, Set<Party>>> table = new EnumMap<>(MonitorMode.class);
        for (Row r : rows) {
            Map<Party, Set<Party>> cells = new EnumMap<>(Party.class);
            for (Cell c : r.cells()) {
                cells.put(c.listener(), c.sources());
            }
            if (cells.size() != Party.values().length) {
                throw new IllegalStateException("row " + r.mode() + " does not name every listener");
            }
            table.put(r.mode(), Collections.unmodifiableMap(cells));
        }
        if (table.size() != MonitorMode.values().length) {
            throw new IllegalStateException("the matrix misses a mode");
        }
        return Collections.unmodifiableMap(table);
    }
}
