package dev.cti.server.store;

import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;

/**
 * Writes the queue visits ({@link QueueVisit}, table {@code queue_visits}) on the {@link Store}'s worker and connection,
 * in order with the calls' other records.
 */
public final class QueueVisitStore {
    private static final String COLUMNS = "queue_id = ?, caller_number = ?, arrived_at = ?, entered_at = ?, outcome = ?,"
            + " left_at = ?, wait_ms = ?, agent_id = ?, answered_at = ?, ring_ms = ?, rings = ?, ended_at = ?,"
            + " talk_ms = ?, hold_ms = ?, to_queue = ?";

    private final Store store;

    public QueueVisitStore(Store store) {
        this.store = store;
    }

    /** Inserts or replaces the visit ({@code callId}, {@code visitNo}). */
    public Future<Void> record(QueueVisit v) {
        return store.transaction("queue_visit", c -> {
            try (PreparedStatement up = c.prepareStatement("UPDATE queue_visits SET " + COLUMNS
                    + " WHERE call_id = ? AND visit_no = ?")) {
                int i = bind(up, v);
                up.setString(i++, v.callId());
                up.setInt(i, v.visitNo());
                if (up.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO queue_visits (queue_id, caller_number,"
                    + " arrived_at, entered_at, outcome, left_at, wait_ms, agent_id, answered_at, ring_ms, rings, ended_at,"
                    + " talk_ms, hold_ms, to_queue, call_id, visit_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int i = bind(ins, v);
                ins.setString(i++, v.callId());
                ins.setInt(i, v.visitNo());
                ins.executeUpdate();
            }
            return null;
        });
    }

    private static int bind(PreparedStatement ps, QueueVisit v) throws SQLException {
        int i = 1;
        ps.setString(i++, v.queueId());
        Store.setOpt(ps, i++, v.callerNumber());
        Store.setTime(ps, i++, v.arrivedAt());
        Store.setTime(ps, i++, v.enteredAt());
        ps.setString(i++, v.outcome().name());
        Store.setOptTime(ps, i++, v.leftAt());
        setLong(ps, i++, v.waitMillis());
        Store.setOpt(ps, i++, v.agentId());
        Store.setOptTime(ps, i++, v.answeredAt());
        setLong(ps, i++, v.ringMillis());
        if (v.rings().isPresent()) {
            ps.setInt(i++, v.rings().get());
        } else {
            ps.setNull(i++, Types.INTEGER);
        }
        Store.setOptTime(ps, i++, v.endedAt());
        setLong(ps, i++, v.talkMillis());
        setLong(ps, i++, v.holdMillis());
        Store.setOpt(ps, i++, v.toQueue());
        return i;
    }

    private static void setLong(PreparedStatement ps, int i, Optional<Long> v) throws SQLException {
        if (v.isPresent()) {
            ps.setLong(i, v.get());
        } else {
            ps.setNull(i, Types.BIGINT);
        }
    }
}
