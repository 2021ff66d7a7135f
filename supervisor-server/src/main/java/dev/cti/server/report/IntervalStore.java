package dev.cti.server.report;

import dev.cti.server.kpi.QueueCounts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The interval tables of V5 ({@code interval_queue}, {@code interval_agent}, {@code interval_agent_reason},
 * {@code report_job}): the rows of a range by queue / agent / interval, their columns' values, and the job's watermark
 * (the job writes the rows through {@link StoredRows}). Called on the {@link ReportDb}'s connections.
 */
final class IntervalStore {
    static final String QUEUE_COLUMNS = "offered, answered, answered_within, abandoned_short, abandoned_long,"
            + " abandoned_within, overflowed, timed_out, transfers, wait_answered_ms, wait_abandoned_ms, longest_wait_ms,"
            + " rings, ring_target_met, handled, talk_ms, hold_ms, wrap_up_ms, complaints";
    static final String AGENT_COLUMNS = "logged_in_ms, ready_ms, not_ready_ms, reserved_ms, on_call_ms, dialing_ms,"
            + " wrap_up_state_ms, answered, handled, talk_ms, hold_ms, wrap_up_ms, outbound_attempts, outbound_answered,"
            + " outbound_successes, outbound_talk_ms, ronas, complaints";
    private static final String JOB = "intervals";

    private IntervalStore() {}

    static long[] queueValues(QueueCounts n) {
        return new long[] {n.offered(), n.answered(), n.answeredWithin(), n.abandonedShort(), n.abandonedLong(),
                n.abandonedWithin(), n.overflowed(), n.timedOut(), n.transfers(), n.waitAnsweredMillis(),
                n.waitAbandonedMillis(), n.longestWaitMillis(), n.rings(), n.ringTargetMet(), n.handled(),
                n.talkMillis(), n.holdMillis(), n.wrapUpMillis(), n.complaints()};
    }

    static long[] agentValues(AgentCounts n) {
        return new long[] {n.loggedInMillis(), n.readyMillis(), n.notReadyMillis(), n.reservedMillis(),
                n.onCallMillis(), n.dialingMillis(), n.wrapUpStateMillis(), n.answered(), n.handled(), n.talkMillis(),
                n.holdMillis(), n.wrapUpMillis(), n.outboundAttempts(), n.outboundAnswered(), n.outboundSuccesses(),
                n.outboundTalkMillis(), n.ronas(), n.complaints()};
    }

    static QueueCounts queueCounts(ResultSet rs, int first) throws SQLException {
        long[] v = new long[19];
        for (int i = 0; i < v.length; i++) {
            v[i] = rs.getLong(first + i);
        }
        return new QueueCounts(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13],
                v[14], v[15], v[16], v[17], v[18]);
    }

    static AgentCounts agentCounts(ResultSet rs, int first) throws SQLException {
        long[] v = new long[18];
        for (int i = 0; i < v.length; i++) {
            v[i] = rs.getLong(first + i);
        }
        return new AgentCounts(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13],
                v[14], v[15], v[16], v[17]);
    }

    /** The queue rows of [from, to): interval → queue → counts. */
    static Map<Instant, Map<String, QueueCounts>> queueRows(Connection c, Instant from, Instant to) throws SQLException {
        Map<Instant, Map<String, QueueCounts>> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT interval_start, queue_id, " + QUEUE_COLUMNS
                + " FROM interval_queue WHERE interval_start >= ? AND interval_start < ?")) {
            Sql.time(ps, 1, from);
            Sql.time(ps, 2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(Sql.time(rs, 1), k -> new TreeMap<>()).put(rs.getString(2), queueCounts(rs, 3));
                }
            }
        }
        return out;
    }

    /** The agent rows of [from, to): interval → agent → counts. */
    static Map<Instant, Map<String, AgentCounts>> agentRows(Connection c, Instant from, Instant to) throws SQLException {
        Map<Instant, Map<String, AgentCounts>> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT interval_start, agent_id, " + AGENT_COLUMNS
                + " FROM interval_agent WHERE interval_start >= ? AND interval_start < ?")) {
            Sql.time(ps, 1, from);
            Sql.time(ps, 2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(Sql.time(rs, 1), k -> new TreeMap<>()).put(rs.getString(2), agentCounts(rs, 3));
                }
            }
        }
        return out;
    }

    /** The reason rows of [from, to): interval → agent → reason → not-ready milliseconds. */
    static Map<Instant, Map<String, Map<String, Long>>> reasonRows(Connection c, Instant from, Instant to)
            throws SQLException {
        Map<Instant, Map<String, Map<String, Long>>> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT interval_start, agent_id, reason, not_ready_ms"
                + " FROM interval_agent_reason WHERE interval_start >= ? AND interval_start < ?")) {
            Sql.time(ps, 1, from);
            Sql.time(ps, 2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(Sql.time(rs, 1), k -> new TreeMap<>())
                            .computeIfAbsent(rs.getString(2), k -> new TreeMap<>()).put(rs.getString(3), rs.getLong(4));
                }
            }
        }
        return out;
    }

    /** Not-ready time of [from, to) by agent and reason. */
    static Map<String, Map<String, Long>> reasonTotals(Connection c, Instant from, Instant to) throws SQLException {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT agent_id, reason, SUM(not_ready_ms)"
                + " FROM interval_agent_reason WHERE interval_start >= ? AND interval_start < ? GROUP BY agent_id, reason")) {
            Sql.time(ps, 1, from);
            Sql.time(ps, 2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
                }
            }
        }
        return out;
    }

    static Optional<Instant> watermark(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT watermark FROM report_job WHERE id = ?")) {
            ps.setString(1, JOB);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Sql.time(rs, 1)) : Optional.empty();
            }
        }
    }

    static void setWatermark(Connection c, Instant watermark, Instant ranAt) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE report_job SET watermark = ?, ran_at = ? WHERE id = ?")) {
            Sql.time(up, 1, watermark);
            Sql.time(up, 2, ranAt);
            up.setString(3, JOB);
            if (up.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO report_job (watermark, ran_at, id) VALUES (?, ?, ?)")) {
            Sql.time(ins, 1, watermark);
            Sql.time(ins, 2, ranAt);
            ins.setString(3, JOB);
            ins.executeUpdate();
        }
    }
}
