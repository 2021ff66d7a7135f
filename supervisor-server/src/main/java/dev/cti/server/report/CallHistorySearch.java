package dev.cti.server.report;

import dev.cti.config.CtiConfig;
import dev.cti.privacy.PhoneMask;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The call history (docs/API.md, "Call history"): CDRs of a time range, newest first, paged, filtered by queue, agent,
 * outcome, direction and (a supervisor's or admin's right, audited by the route) a phone number; limited to the calls
 * of the agents the caller may see (calls no agent took count as the queues', seen by supervisors and QA users). The
 * other party's number is always masked.
 */
public final class CallHistorySearch {
    /** What to find. {@code visibleAgents} empty: every call (admins); {@code withoutAgent}: also calls no agent took. */
    public record Filter(Instant from, Instant to, Optional<String> queue, Optional<String> agent,
                         Optional<String> outcome, Optional<String> direction, Optional<String> number,
                         Optional<Set<String>> visibleAgents, boolean withoutAgent, int page, int size) {}

    private CallHistorySearch() {}

    static JsonObject find(Connection c, Filter f, CtiConfig config) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE started_at >= ? AND started_at < ?");
        List<Object> args = new ArrayList<>(List.of(f.from(), f.to()));
        f.queue().ifPresent(q -> {
            where.append(" AND queue_id = ?");
            args.add(q);
        });
        f.agent().ifPresent(a -> {
            where.append(" AND agent_id = ?");
            args.add(a);
        });
        f.outcome().ifPresent(o -> {
            where.append(" AND outcome = ?");
            args.add(o);
        });
        f.direction().ifPresent(d -> {
            where.append(" AND direction = ?");
            args.add(d);
        });
        f.number().ifPresent(n -> {
            where.append(" AND (caller_number = ? OR dialled_number = ?)");
            args.add(n);
            args.add(n);
        });
        if (f.visibleAgents().isPresent()) {
            where.append(" AND (").append(f.withoutAgent() ? "agent_id IS NULL OR " : "").append("agent_id IN (");
            List<String> agents = new ArrayList<>(f.visibleAgents().get());
            if (agents.isEmpty()) {
                agents.add("\u0000");
            }
            for (int i = 0; i < agents.size(); i++) {
                where.append(i == 0 ? "?" : ", ?");
                args.add(agents.get(i));
            }
            where.append("))");
        }
        long total;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM calls" + where)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        JsonArray calls = new JsonArray();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, direction, queue_id, caller_number, dialled_number,"
                + " agent_id, outcome, wait_ms, ring_ms, talk_ms, hold_ms, wrap_up_ms, wrap_up_code, started_at,"
                + " answered_at, ended_at FROM calls" + where + " ORDER BY started_at DESC, id LIMIT ? OFFSET ?")) {
            bind(ps, args);
            ps.setInt(args.size() + 1, f.size());
            ps.setLong(args.size() + 2, (long) f.page() * f.size());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean inbound = "INBOUND".equals(rs.getString(2));
                    String party = inbound ? rs.getString(4) : rs.getString(5);
                    calls.add(new JsonObject().put("id", rs.getString(1)).put("direction", rs.getString(2))
                            .put("queueId", rs.getString(3)).put("party", party == null ? null : PhoneMask.mask(party))
                            .put("agentId", rs.getString(6)).put("outcome", rs.getString(7))
                            .put("waitSeconds", rs.getLong(8) / 1000.0).put("ringSeconds", rs.getLong(9) / 1000.0)
                            .put("talkSeconds", rs.getLong(10) / 1000.0).put("holdSeconds", rs.getLong(11) / 1000.0)
                            .put("wrapUpSeconds", rs.getLong(12) / 1000.0).put("wrapUpCode", rs.getString(13))
                            .put("startedAt", str(Sql.time(rs, 14))).put("answeredAt", str(Sql.time(rs, 15)))
                            .put("endedAt", str(Sql.time(rs, 16))));
                }
            }
        }
        return new JsonObject().put("calls", calls).put("page", f.page()).put("size", f.size()).put("total", total);
    }

    /** The audit log of a range, newest first, paged, by actor and action. */
    static JsonObject audit(Connection c, Instant from, Instant to, Optional<String> actor, Optional<String> action,
                            int page, int size) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE at >= ? AND at < ?");
        List<Object> args = new ArrayList<>(List.of(from, to));
        actor.ifPresent(a -> {
            where.append(" AND actor = ?");
            args.add(a);
        });
        action.ifPresent(a -> {
            where.append(" AND action = ?");
            args.add(a);
        });
        long total;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_log" + where)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        JsonArray entries = new JsonArray();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, actor, action, target, call_id, detail, at"
                + " FROM audit_log" + where + " ORDER BY at DESC, id DESC LIMIT ? OFFSET ?")) {
            bind(ps, args);
            ps.setInt(args.size() + 1, size);
            ps.setLong(args.size() + 2, (long) page * size);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new JsonObject().put("id", rs.getLong(1)).put("actor", rs.getString(2))
                            .put("action", rs.getString(3)).put("target", rs.getString(4)).put("callId", rs.getString(5))
                            .put("detail", rs.getString(6)).put("at", str(Sql.time(rs, 7))));
                }
            }
        }
        return new JsonObject().put("entries", entries).put("page", page).put("size", size).put("total", total);
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) instanceof Instant t) {
                Sql.time(ps, i + 1, t);
            } else {
                ps.setString(i + 1, (String) args.get(i));
            }
        }
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }
}
