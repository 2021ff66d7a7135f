package dev.cti.server.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the records a span of intervals is computed from ({@link Records}). A click-to-dial call's state changes and
 * wrap-ups may be stored under the dial's request id (rows written before the gateway named the call): they are read
 * through {@code call_aliases}, so every row counts under the gateway's call id, the CDR's.
 */
final class RecordReader {
    /** Wrap-ups end within this long of the span's end (a longer one counts as not handled in the span). */
    static final Duration WRAP_UP_HORIZON = Duration.ofDays(1);

    private RecordReader() {}

    /**
     * What a read learnt of the agents' states: each agent's state at {@code from} (for the agents in {@code agents}) and
     * every change from then on, in order. A later read from {@code from} on takes its agents' states from here instead
     * of one query per agent ({@link #at}); rows committed after this read with a time before the later read's start
     * (more than {@code reports.lateMarginSeconds} late) are then picked up by the hourly sweep, which reads them all.
     */
    record Known(Instant from, Set<String> agents, Map<String, Records.State> initial,
                 List<Records.StateChange> changes) {
        /** What {@code r}, read from {@code from} on for {@code configuredAgents}, learnt. */
        static Known of(Records r, Instant from, Collection<String> configuredAgents) {
            return new Known(from, RecordReader.agents(configuredAgents, r.states()), r.initial(), r.states());
        }

        /** The same knowledge from {@code t} on ({@code t} not before {@code from}): the changes before it folded in. */
        Known at(Instant t) {
            Map<String, Records.State> states = new HashMap<>(initial);
            int i = 0;
            for (; i < changes.size() && changes.get(i).at().isBefore(t); i++) {
                Records.StateChange ch = changes.get(i);
                states.put(ch.agentId(), new Records.State(ch.to(), ch.reason()));
            }
            return new Known(t, agents, states, List.copyOf(changes.subList(i, changes.size())));
        }
    }

    /** The records of [from, to); the agents' states at {@code from} from {@code known} where it holds them. */
    static Records read(Connection c, Instant from, Instant to, Collection<String> configuredAgents, Known known)
            throws SQLException {
        List<Records.Visit> visits = visits(c, from, to);
        List<Records.StateChange> states = states(c, from, to.plus(WRAP_UP_HORIZON));
        Set<String> agents = agents(configuredAgents, states);
        Map<String, Records.State> initial;
        if (known != null && !from.isBefore(known.from())) {
            Known then = known.at(from);
            initial = new HashMap<>();
            Set<String> unknown = new LinkedHashSet<>();
            for (String agent : agents) {
                if (!then.agents().contains(agent)) {
                    unknown.add(agent);
                } else if (then.initial().containsKey(agent)) {
                    initial.put(agent, then.initial().get(agent));
                }
            }
            initial.putAll(initial(c, unknown, from));
        } else {
            initial = initial(c, agents, from);
        }
        return new Records(visits, states, initial, outbound(c, from, to), wrapUpCodes(c, from),
                transfers(c, from));
    }

    private static Set<String> agents(Collection<String> configuredAgents, List<Records.StateChange> states) {
        Set<String> agents = new LinkedHashSet<>(configuredAgents);
        states.forEach(s -> agents.add(s.agentId()));
        return agents;
    }

    private static List<Records.Visit> visits(Connection c, Instant from, Instant to) throws SQLException {
        List<Records.Visit> out = new ArrayList<>();
        String columns = "SELECT call_id, visit_no, queue_id, caller_number, entered_at, outcome, left_at, wait_ms,"
                + " agent_id, answered_at, ring_ms, rings, ended_at, talk_ms, hold_ms FROM queue_visits";
        // a UNION, not an OR: each half reads its index (an OR of two columns scans the whole table on H2)
        try (PreparedStatement ps = c.prepareStatement(columns + " WHERE entered_at >= ? AND entered_at < ?"
                // answered in the span after entering before it (the agent's row counts the answer)
                + " UNION " + columns + " WHERE outcome = 'ANSWERED' AND left_at >= ? AND left_at < ?"
                + " ORDER BY entered_at, call_id, visit_no")) {
            Sql.time(ps, 1, from);
            Sql.time(ps, 2, to);
            Sql.time(ps, 3, from);
            Sql.time(ps, 4, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Records.Visit(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                            Sql.time(rs, 5), rs.getString(6), Sql.time(rs, 7), Sql.longOr0(rs, 8), rs.getString(9),
                            Sql.time(rs, 10), Sql.longOr0(rs, 11), Sql.integer(rs, 12), Sql.time(rs, 13),
                            Sql.longOr0(rs, 14), Sql.longOr0(rs, 15)));
                }
            }
        }
        return out;
    }

    private static List<Records.StateChange> states(Connection c, Instant from, Instant to) throws SQLException {
        List<Records.StateChange> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT h.id, h.agent_id, h.to_state, h.reason, h.event,"
                + " COALESCE(a.call_id, h.call_id), h.at FROM agent_state_history h"
                + " LEFT JOIN call_aliases a ON a.alias = h.call_id"
                + " WHERE h.at >= ? AND h.at < ? ORDER BY h.at, h.id")) {
            Sql.time(ps, 1, from);
            Sql.time(ps, 2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Records.StateChange(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), Sql.time(rs, 7)));
                }
            }
        }
        return out;
    }

    private static Map<String, Records.State> initial(Connection c, Set<String> agents, Instant at)
            throws SQLException {
        Map<String, Records.State> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT to_state, reason FROM agent_state_history"
                + " WHERE agent_id = ? AND at < ? ORDER BY at DESC, id DESC LIMIT 1")) {
            for (String agent : agents) {
                ps.setString(1, agent);
                Sql.time(ps, 2, at);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        out.put(agent, new Records.State(rs.getString(1), rs.getString(2)));
                    }
                }
            }
        }
        return out;
    }

    private static List<Records.Outbound> outbound(Connection c, Instant from, Instant to) throws SQLException {
        List<Records.Outbound> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, agent_id, started_at, answered_at, ended_at,"
                + " talk_ms, hold_ms FROM calls WHERE direction = 'OUTBOUND' AND started_at >= ? AND started_at < ?"
                + " ORDER BY started_at, id")) {
            Sql.time(ps, 1, from);
            Sql.time(ps, 2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Records.Outbound(rs.getString(1), rs.getString(2), Sql.time(rs, 3), Sql.time(rs, 4),
                            Sql.time(rs, 5), rs.getLong(6), rs.getLong(7)));
                }
            }
        }
        return out;
    }

    private static Map<String, String> wrapUpCodes(Connection c, Instant from) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(a.call_id, w.call_id), w.code FROM wrap_ups w"
                + " LEFT JOIN call_aliases a ON a.alias = w.call_id WHERE w.at >= ? ORDER BY w.id")) {
            Sql.time(ps, 1, from);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    private static Map<String, Integer> transfers(Connection c, Instant from) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT call_id, COUNT(*) FROM call_transfers"
                + " WHERE at >= ? AND outcome = 'COMPLETED' GROUP BY call_id")) {
            Sql.time(ps, 1, from);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }
}
