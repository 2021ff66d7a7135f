package dev.cti.server.store;

import dev.cti.server.agent.Cause;
import dev.cti.server.agent.WrapUpRecord;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A call's stored events for QA (table rows of V1 read together, {@link CallHistory}), the desktop's reports of the
 * steps and phrases the agent used ({@code scripts_shown} with a kind), and the aliases that tie a click-to-dial
 * call's request id to the gateway's call id. Runs on the {@link Store}'s one worker and connection.
 */
public final class CallHistoryStore {
    private final Store store;

    public CallHistoryStore(Store store) {
        this.store = store;
    }

    /** Remembers that rows stored under {@code alias} belong to the call {@code callId}; repeating it is harmless. */
    public Future<Void> recordAlias(String alias, String callId) {
        return store.transaction("call_alias", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO call_aliases (alias, call_id) SELECT ?, ?"
                    + " WHERE NOT EXISTS (SELECT 1 FROM call_aliases WHERE alias = ?)")) {
                ps.setString(1, alias);
                ps.setString(2, callId);
                ps.setString(3, alias);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * The id a call's rows are stored under: the gateway's call id. An agent's machine knows a click-to-dial call by
     * the dial's request id ({@code dial-...}) for its whole life; once the gateway names the call, {@code call_aliases}
     * maps the one to the other (written on this same worker before any later row of the call, so the order holds),
     * and the call's holds, wrap-ups, state changes and desktop reports land under the id its CDR and recordings
     * have. Rows written before the naming keep the request id; readers join them through the aliases.
     */
    static String callIdOf(Connection c, String callId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT call_id FROM call_aliases WHERE alias = ?")) {
            ps.setString(1, callId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : callId;
            }
        }
    }

    /** {@link #callIdOf(Connection, String)} of a call id that may be absent. */
    static Optional<String> callIdOf(Connection c, Optional<String> callId) throws SQLException {
        return callId.isPresent() ? Optional.of(callIdOf(c, callId.get())) : Optional.empty();
    }

    /** A step or phrase the agent's desktop reports ({@code kind} step, phrase or prompt). */
    public Future<Void> recordScriptEvent(ScriptShown s, String kind) {
        return store.transaction("script_shown", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO scripts_shown (call_id, agent_id, script_id,"
                    + " step_id, language, at, kind) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                Store.setOpt(ps, 1, callIdOf(c, s.callId()));
                ps.setString(2, s.agentId());
                ps.setString(3, s.scriptId());
                Store.setOpt(ps, 4, s.stepId());
                ps.setString(5, s.language());
                Store.setTime(ps, 6, s.at());
                ps.setString(7, kind);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The call's history, or empty when there is no CDR with this id. */
    public Future<Optional<CallHistory>> history(String callId) {
        return store.read(c -> {
            Optional<CallRecord> call = Store.findCall(c, callId);
            if (call.isEmpty()) {
                return Optional.<CallHistory>empty();
            }
            List<String> ids = ids(c, callId);
            return Optional.of(new CallHistory(call.get(), scripts(c, ids), holds(c, ids), crossings(c, ids),
                    wrapUps(c, ids), audit(c, ids)));
        });
    }

    /** The call id and its aliases. */
    static List<String> ids(Connection c, String callId) throws SQLException {
        List<String> ids = new ArrayList<>(List.of(callId));
        try (PreparedStatement ps = c.prepareStatement("SELECT alias FROM call_aliases WHERE call_id = ?")) {
            ps.setString(1, callId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    static String in(Collection<?> values) {
        return "(" + String.join(", ", values.stream().map(v -> "?").toList()) + ")";
    }

    /** {@code sql} with {@code (:ids)} replaced by one placeholder per id, bound to them from parameter 1. */
    static PreparedStatement byIds(Connection c, String sql, List<String> ids) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql.replace("(:ids)", in(ids)));
        for (int i = 0; i < ids.size(); i++) {
            ps.setString(i + 1, ids.get(i));
        }
        return ps;
    }

    private static List<CallHistory.ScriptEvent> scripts(Connection c, List<String> ids) throws SQLException {
        List<CallHistory.ScriptEvent> out = new ArrayList<>();
        try (PreparedStatement ps = byIds(c, "SELECT kind, script_id, step_id, at FROM scripts_shown"
                + " WHERE call_id IN (:ids) ORDER BY at, id", ids); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new CallHistory.ScriptEvent(rs.getString(1), rs.getString(2), Store.opt(rs, 3),
                        Store.time(rs, 4).orElseThrow()));
            }
        }
        return out;
    }

    private static List<CallHistory.Hold> holds(Connection c, List<String> ids) throws SQLException {
        List<CallHistory.Hold> out = new ArrayList<>();
        try (PreparedStatement ps = byIds(c, "SELECT started_at, ended_at FROM holds WHERE call_id IN (:ids)"
                + " ORDER BY started_at, id", ids); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new CallHistory.Hold(Store.time(rs, 1).orElseThrow(), Store.time(rs, 2)));
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

    private static List<WrapUpRecord> wrapUps(Connection c, List<String> ids) throws SQLException {
        List<WrapUpRecord> out = new ArrayList<>();
        try (PreparedStatement ps = byIds(c, "SELECT agent_id, call_id, queue_id, code, notes, cause, actor, at"
                + " FROM wrap_ups WHERE call_id IN (:ids) ORDER BY at, id", ids); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new WrapUpRecord(rs.getString(1), rs.getString(2), Store.opt(rs, 3), rs.getString(4),
                        Store.opt(rs, 5), new Cause(Cause.Kind.valueOf(rs.getString(6)), Store.opt(rs, 7)),
                        Store.time(rs, 8).orElseThrow()));
            }
        }
        return out;
    }

    private static List<AuditEntry> audit(Connection c, List<String> ids) throws SQLException {
        List<AuditEntry> out = new ArrayList<>();
        try (PreparedStatement ps = byIds(c, "SELECT actor, action, target, call_id, detail, at FROM audit_log"
                + " WHERE call_id IN (:ids) ORDER BY at, id", ids); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new AuditEntry(rs.getString(1), rs.getString(2), Store.opt(rs, 3), Store.opt(rs, 4),
                        Store.opt(rs, 5), Store.time(rs, 6).orElseThrow()));
            }
        }
        return out;
    }
}
