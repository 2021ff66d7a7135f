package dev.cti.server.store;

import static dev.cti.server.store.Store.ms;
import static dev.cti.server.store.Store.opt;
import static dev.cti.server.store.Store.setOpt;
import static dev.cti.server.store.Store.setOptTime;
import static dev.cti.server.store.Store.setTime;
import static dev.cti.server.store.Store.time;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of the CDRs ({@code calls}), run by the {@link Store} and the other record classes of this package. */
final class CallRecordsSql {
    private CallRecordsSql() {}

    /** Inserts or replaces the CDR with this id. */
    static void upsert(Connection c, CallRecord r) throws SQLException {
        String cols = "direction = ?, queue_id = ?, caller_number = ?, dialled_number = ?, agent_id = ?,"
                + " outcome = ?, wait_ms = ?, ring_ms = ?, talk_ms = ?, hold_ms = ?, wrap_up_ms = ?,"
                + " wrap_up_code = ?, notes = ?, started_at = ?, answered_at = ?, ended_at = ?";
        try (PreparedStatement up = c.prepareStatement("UPDATE calls SET " + cols + " WHERE id = ?")) {
            int i = bindCall(up, r, 1);
            up.setString(i, r.id());
            if (up.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO calls (direction, queue_id, caller_number,"
                + " dialled_number, agent_id, outcome, wait_ms, ring_ms, talk_ms, hold_ms, wrap_up_ms,"
                + " wrap_up_code, notes, started_at, answered_at, ended_at, id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = bindCall(ins, r, 1);
            ins.setString(i, r.id());
            ins.executeUpdate();
        }
    }

    private static int bindCall(PreparedStatement ps, CallRecord r, int i) throws SQLException {
        ps.setString(i++, r.direction().name());
        setOpt(ps, i++, r.queueId());
        setOpt(ps, i++, r.callerNumber());
        setOpt(ps, i++, r.dialledNumber());
        setOpt(ps, i++, r.agentId());
        ps.setString(i++, r.outcome().name());
        ps.setLong(i++, r.waitTime().toMillis());
        ps.setLong(i++, r.ringTime().toMillis());
        ps.setLong(i++, r.talkTime().toMillis());
        ps.setLong(i++, r.holdTime().toMillis());
        ps.setLong(i++, r.wrapUpTime().toMillis());
        setOpt(ps, i++, r.wrapUpCode());
        setOpt(ps, i++, r.notes());
        setTime(ps, i++, r.startedAt());
        setOptTime(ps, i++, r.answeredAt());
        setOptTime(ps, i++, r.endedAt());
        return i;
    }

    /** The CDR with this id. */
    static Optional<CallRecord> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT direction, queue_id, caller_number,"
                + " dialled_number, agent_id, outcome, wait_ms, ring_ms, talk_ms, hold_ms, wrap_up_ms,"
                + " wrap_up_code, notes, started_at, answered_at, ended_at FROM calls WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CallRecord(id, CallRecord.Direction.valueOf(rs.getString(1)),
                        opt(rs, 2), opt(rs, 3), opt(rs, 4), opt(rs, 5),
                        CallRecord.Outcome.valueOf(rs.getString(6)), ms(rs, 7), ms(rs, 8), ms(rs, 9),
                        ms(rs, 10), ms(rs, 11), opt(rs, 12), opt(rs, 13), time(rs, 14).orElseThrow(),
                        time(rs, 15), time(rs, 16)));
            }
        }
    }

    /** An agent's calls that started in [from, to), newest first, at most {@code limit}. */
    static List<CallRecord> ofAgent(Connection c, String agentId, Instant from, Instant to, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, direction, queue_id, caller_number,"
                + " dialled_number, agent_id, outcome, wait_ms, ring_ms, talk_ms, hold_ms, wrap_up_ms,"
                + " wrap_up_code, notes, started_at, answered_at, ended_at FROM calls"
                + " WHERE agent_id = ? AND started_at >= ? AND started_at < ? ORDER BY started_at DESC")) {
            ps.setString(1, agentId);
            setTime(ps, 2, from);
            setTime(ps, 3, to);
            ps.setMaxRows(limit);
            List<CallRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CallRecord(rs.getString(1), CallRecord.Direction.valueOf(rs.getString(2)),
                            opt(rs, 3), opt(rs, 4), opt(rs, 5), opt(rs, 6),
                            CallRecord.Outcome.valueOf(rs.getString(7)), ms(rs, 8), ms(rs, 9), ms(rs, 10),
                            ms(rs, 11), ms(rs, 12), opt(rs, 13), opt(rs, 14), time(rs, 15).orElseThrow(),
                            time(rs, 16), time(rs, 17)));
                }
            }
            return out;
        }
    }
}
