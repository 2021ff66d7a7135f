package dev.cti.server.store;

import static dev.cti.server.store.Store.opt;
import static dev.cti.server.store.Store.setOpt;
import static dev.cti.server.store.Store.setTime;
import static dev.cti.server.store.Store.time;

import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.AgentStateChange;
import dev.cti.server.agent.Cause;
import dev.cti.server.agent.WrapUpRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of the agent journal's records ({@code agent_state_history}, {@code wrap_ups}, {@code holds}), run by the
 * {@link Store} on its writer's or a reader's connection. A click-to-dial's rows go under the gateway's call id once
 * it named the call ({@link CallHistoryStore#callIdOf}).
 */
final class AgentRecordsSql {
    private AgentRecordsSql() {}

    /** A row of {@code agent_state_history}. */
    static void insertStateChange(Connection c, AgentStateChange ch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO agent_state_history (agent_id, from_state,"
                + " from_reason, to_state, reason, event, cause, actor, call_id, at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, ch.agentId());
            ps.setString(2, ch.from().name());
            setOpt(ps, 3, ch.fromReason());
            ps.setString(4, ch.to().name());
            setOpt(ps, 5, ch.reason());
            ps.setString(6, ch.event().name());
            ps.setString(7, ch.cause().kind().name());
            setOpt(ps, 8, ch.cause().actor());
            setOpt(ps, 9, CallHistoryStore.callIdOf(c, ch.callId()));
            setTime(ps, 10, ch.at());
            ps.executeUpdate();
        }
    }

    /** A wrap-up code chosen, copied onto the call's CDR. */
    static void insertWrapUp(Connection c, WrapUpRecord w) throws SQLException {
        String callId = CallHistoryStore.callIdOf(c, w.callId());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO wrap_ups (call_id, agent_id, queue_id, code,"
                + " notes, cause, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, callId);
            ps.setString(2, w.agentId());
            setOpt(ps, 3, w.queueId());
            ps.setString(4, w.code());
            setOpt(ps, 5, w.notes());
            ps.setString(6, w.cause().kind().name());
            setOpt(ps, 7, w.cause().actor());
            setTime(ps, 8, w.at());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE calls SET wrap_up_code = ?, notes = ? WHERE id = ?")) {
            ps.setString(1, w.code());
            setOpt(ps, 2, w.notes());
            ps.setString(3, callId);
            ps.executeUpdate();
        }
    }

    /** A hold begun ({@code held}) or ended. */
    static void insertHold(Connection c, String agentCallId, String agentId, boolean held, Instant at)
            throws SQLException {
        // a click-to-dial's rows go under the gateway's call id once it is known (call_aliases)
        String callId = CallHistoryStore.callIdOf(c, agentCallId);
        if (held) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO holds (call_id, agent_id, started_at) VALUES (?, ?, ?)")) {
                ps.setString(1, callId);
                ps.setString(2, agentId);
                setTime(ps, 3, at);
                ps.executeUpdate();
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE holds SET ended_at = ? WHERE call_id IN (?, ?) AND ended_at IS NULL")) {
                setTime(ps, 1, at);
                ps.setString(2, callId);
                ps.setString(3, agentCallId); // a hold begun before the gateway named the call
                ps.executeUpdate();
            }
        }
    }

    /** An agent's state changes, oldest first. */
    static List<AgentStateChange> stateHistory(Connection c, String agentId) throws SQLException {
        List<AgentStateChange> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT from_state, from_reason, to_state, reason, event,"
                + " cause, actor, call_id, at FROM agent_state_history WHERE agent_id = ? ORDER BY id")) {
            ps.setString(1, agentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AgentStateChange(agentId, AgentState.valueOf(rs.getString(1)), opt(rs, 2),
                            AgentState.valueOf(rs.getString(3)), opt(rs, 4),
                            AgentEventType.valueOf(rs.getString(5)),
                            new Cause(Cause.Kind.valueOf(rs.getString(6)), opt(rs, 7)), opt(rs, 8),
                            time(rs, 9).orElseThrow()));
                }
            }
        }
        return out;
    }

    /** The wrap-ups recorded for a call, oldest first. */
    static List<WrapUpRecord> wrapUps(Connection c, String callId) throws SQLException {
        List<WrapUpRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT agent_id, queue_id, code, notes, cause, actor, at"
                + " FROM wrap_ups WHERE call_id = ? ORDER BY id")) {
            ps.setString(1, callId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new WrapUpRecord(rs.getString(1), callId, opt(rs, 2), rs.getString(3), opt(rs, 4),
                            new Cause(Cause.Kind.valueOf(rs.getString(5)), opt(rs, 6)),
                            time(rs, 7).orElseThrow()));
                }
            }
        }
        return out;
    }
}
