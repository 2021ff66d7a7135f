package dev.cti.server.store;

import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A call's stored events read together ({@link CallTimeline}), for the timeline a recording is played with, and
 * the events the V1 schema did not keep: transfers ({@code call_transfers}, V3) and keys pressed ({@code call_keys},
 * V7). On the {@link Store}'s worker.
 */
public final class CallTimelineStore {
    /** The agent events that belong on a call's timeline. */
    private static final List<String> AGENT_EVENTS = List.of("CALL_OFFERED", "RING_NO_ANSWER", "RING_FAILED",
            "ANSWERED", "DIAL", "DIAL_CONNECTED");

    private final Store store;

    public CallTimelineStore(Store store) {
        this.store = store;
    }

    /** A transfer of a call (CallTransferred); {@code target} is a queue id or a number, stored in full. */
    public Future<Void> recordTransfer(String callId, Optional<String> agentId, String kind, String target,
                                       String outcome, Instant at) {
        return store.transaction("call_transfer", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO call_transfers (call_id, agent_id, kind,"
                    + " target, outcome, at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, callId);
                Store.setOpt(ps, 2, agentId);
                ps.setString(3, kind);
                ps.setString(4, target);
                ps.setString(5, outcome);
                Store.setTime(ps, 6, at);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** A key pressed on the call (DtmfReceived); {@code leg} CALLER or AGENT, {@code digit} 0-9 * # A-D. */
    public Future<Void> recordKey(String callId, String leg, String digit, Instant at) {
        return store.transaction("call_key", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO call_keys (call_id, leg, digit, at)"
                    + " VALUES (?, ?, ?, ?)")) {
                ps.setString(1, callId);
                ps.setString(2, leg);
                ps.setString(3, digit);
                Store.setTime(ps, 4, at);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Everything stored about {@code callId}, also the rows kept under its aliases (a click-to-dial call's request
     * id, under which its agent's rows were stored until the gateway named the call: {@code call_aliases}).
     */
    public Future<CallTimeline> timeline(String callId) {
        return store.read(c -> {
            List<String> ids = CallHistoryStore.ids(c, callId);
            return new CallTimeline(Store.findCall(c, callId), agentSteps(c, ids), holds(c, ids), crossings(c, ids),
                    scripts(c, ids), transfers(c, ids), monitorActions(c, ids), wrapUps(c, ids), keys(c, ids));
        });
    }

    private static PreparedStatement byIds(Connection c, String sql, List<String> ids) throws SQLException {
        return CallHistoryStore.byIds(c, sql, ids);
    }

    private static List<CallTimeline.AgentStep> agentSteps(Connection c, List<String> ids) throws SQLException {
        List<CallTimeline.AgentStep> out = new ArrayList<>();
        try (PreparedStatement ps = byIds(c, "SELECT agent_id, event, to_state, at FROM agent_state_history"
                + " WHERE call_id IN (:ids) AND event IN (" + String.join(", ", AGENT_EVENTS.stream()
                .map(e -> "'" + e + "'").toList()) + ") ORDER BY at, id", ids); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new CallTimeline.AgentStep(rs.getString(1), rs.getString(2), rs.getString(3),
                        Store.time(rs, 4).orElseThrow()));
            }
        }
        return out;
    }

    private static List<CallTimeline.Hold> holds(Connection c, List<String> ids) throws SQLException {
        List<CallTimeline.Hold> out = new ArrayList<>();
        try (PreparedStatement ps = byIds(c, "SELECT agent_id, started_at, ended_at FROM holds"
                + " WHERE call_id IN (:ids) ORDER BY started_at, id", ids); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new CallTimeline.Hold(Store.opt(rs, 1), Store.time(rs, 2).orElseThrow(), Store.time(rs, 3)));
            }
        }
        return out;
    }

    private static List<HoldThresholdCrossing> crossings(Connection c, List<String> ids) throws SQLException {
        List<HoldThresholdCrossing> out = new ArrayList<>();
        try (PreparedStatement ps = byIds(c, "SELECT call_id, agent_id, threshold_seconds, at"
                + " FROM hold_threshold_crossings WHERE call_id IN (:ids) ORDER BY at, id", ids);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new HoldThresholdCrossing(rs.getString(1), rs.getString(2), rs.getInt(3),
                        Store.time(rs, 4).orElseThrow()));
            }
        }
        return out;
    }

    /** Steps shown, phrases used and prompts the desktop put up, with their kind. */
    private static List<ScriptShown> scripts(Connection c, List<String> ids) throws SQLException {
        List<ScriptShown> out = new ArrayList<>();
        try (PreparedStatement ps = byIds(c, "SELECT call_id, agent_id, script_id, step_id, language, at, kind"
                + " FROM scripts_shown WHERE call_id IN (:ids) ORDER BY at, id", ids);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new ScriptShown(Store.opt(rs, 1), rs.getString(2), rs.getString(3), Store.opt(rs, 4),
                        rs.getString(5), Store.time(rs, 6).orElseThrow(), rs.getString(7)));
            }
        }
        return out;
    }

    private static List<CallTimeline.Transfer> transfers(Connection c, List<String> ids) throws SQLException {
        List<CallTimeline.Transfer> out = new ArrayList<>();
        try (PreparedStatement ps = byIds(c, "SELECT agent_id, kind, target, outcome, at"
                + " FROM call_transfers WHERE call_id IN (:ids) ORDER BY at, id", ids);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new CallTimeline.Transfer(Store.opt(rs, 1), rs.getString(2), rs.getString(3),
                        rs.getString(4), Store.time(rs, 5).orElseThrow()));
            }
        }
        return out;
    }

    /** The supervisors' monitor actions on the call that went through (refusals are audited with "denied: ..."). */
    private static List<AuditEntry> monitorActions(Connection c, List<String> ids) throws SQLException {
        List<AuditEntry> out = new ArrayList<>();
        try (PreparedStatement ps = byIds(c, "SELECT actor, action, target, call_id, detail, at FROM audit_log"
                + " WHERE call_id IN (:ids) AND action IN ('monitor-start', 'monitor-switch', 'monitor-stop')"
                + " AND (detail IS NULL OR detail NOT LIKE 'denied%') ORDER BY at, id", ids);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new AuditEntry(rs.getString(1), rs.getString(2), Store.opt(rs, 3), Store.opt(rs, 4),
                        Store.opt(rs, 5), Store.time(rs, 6).orElseThrow()));
            }
        }
        return out;
    }

    private static List<CallTimeline.WrapUp> wrapUps(Connection c, List<String> ids) throws SQLException {
        List<CallTimeline.WrapUp> out = new ArrayList<>();
        try (PreparedStatement ps = byIds(c, "SELECT agent_id, code, at FROM wrap_ups WHERE call_id IN (:ids)"
                + " ORDER BY at, id", ids); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new CallTimeline.WrapUp(rs.getString(1), rs.getString(2), Store.time(rs, 3).orElseThrow()));
            }
        }
        return out;
    }

    private static List<CallTimeline.Key> keys(Connection c, List<String> ids) throws SQLException {
        List<CallTimeline.Key> out = new ArrayList<>();
        try (PreparedStatement ps = byIds(c, "SELECT leg, digit, at FROM call_keys WHERE call_id IN (:ids)"
                + " ORDER BY at, id", ids); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new CallTimeline.Key(rs.getString(1), rs.getString(2), Store.time(rs, 3).orElseThrow()));
            }
        }
        return out;
    }
}
