package dev.cti.server.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the interval job must start recomputing: the earliest interval any record changed since {@code since} belongs
 * to. A call's rows change until its wrap-up ends (its answer, its end, its wrap-up code, a transfer), and they all
 * count in the interval the call entered its queue (or, click-to-dial, started): so each kind of change is traced back
 * to that time. Rows of click-to-dial calls stored under the dial's request id are traced through
 * {@code call_aliases}.
 */
final class ChangedRecords {
    private static final String[] SINCE = {
        "SELECT MIN(entered_at) FROM queue_visits WHERE entered_at >= ?",
        "SELECT MIN(entered_at) FROM queue_visits WHERE left_at >= ?",
        "SELECT MIN(entered_at) FROM queue_visits WHERE ended_at >= ?",
        "SELECT MIN(v.entered_at) FROM agent_state_history h JOIN queue_visits v ON v.call_id = h.call_id WHERE h.at >= ?",
        "SELECT MIN(v.entered_at) FROM wrap_ups w JOIN queue_visits v ON v.call_id = w.call_id WHERE w.at >= ?",
        // not a join: H2 would scan queue_visits for it
        "SELECT MIN(entered_at) FROM queue_visits WHERE call_id IN (SELECT call_id FROM call_transfers WHERE at >= ?)",
        "SELECT MIN(started_at) FROM calls WHERE direction = 'OUTBOUND' AND started_at >= ?",
        "SELECT MIN(started_at) FROM calls WHERE direction = 'OUTBOUND' AND ended_at >= ?",
        "SELECT MIN(c.started_at) FROM agent_state_history h JOIN calls c ON c.id = h.call_id"
                + " WHERE h.at >= ? AND c.direction = 'OUTBOUND'",
        "SELECT MIN(c.started_at) FROM agent_state_history h JOIN call_aliases a ON a.alias = h.call_id"
                + " JOIN calls c ON c.id = a.call_id WHERE h.at >= ?",
        "SELECT MIN(c.started_at) FROM wrap_ups w JOIN call_aliases a ON a.alias = w.call_id"
                + " JOIN calls c ON c.id = a.call_id WHERE w.at >= ?",
        "SELECT MIN(at) FROM agent_state_history WHERE at >= ?",
    };
    private static final String[] EVER = {
        "SELECT MIN(entered_at) FROM queue_visits",
        "SELECT MIN(at) FROM agent_state_history",
        "SELECT MIN(started_at) FROM calls WHERE direction = 'OUTBOUND'",
    };

    private ChangedRecords() {}

    /** The queries of {@link #earliestSince} (tests: each reads through an index, never a whole table). */
    static List<String> sinceQueries() {
        return List.of(SINCE);
    }

    /** The earliest time a record changed since {@code since} counts at; empty when nothing did. */
    static Optional<Instant> earliestSince(Connection c, Instant since) throws SQLException {
        Instant min = null;
        for (String sql : SINCE) {
            min = min(min, one(c, sql, since));
        }
        return Optional.ofNullable(min);
    }

    /** The earliest time of any record (the first run: every record is new). */
    static Optional<Instant> earliestEver(Connection c) throws SQLException {
        Instant min = null;
        for (String sql : EVER) {
            min = min(min, one(c, sql, null));
        }
        return Optional.ofNullable(min);
    }

    private static Instant one(Connection c, String sql, Instant since) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (since != null) {
                Sql.time(ps, 1, since);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Sql.time(rs, 1) : null;
            }
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }
}
