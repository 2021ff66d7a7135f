package dev.cti.server.report;

import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.server.kpi.QueueCounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The incident report of a range of days (usually one): CTI link outages and gateway restarts ({@code link_events}),
 * intervals whose service level fell below the queue's target, holds that passed the longest compliance threshold,
 * and rings not answered in time (RONA), with their times. Long holds and RONAs only of the agents the caller may see.
 */
public final class IncidentReport {
    private final CtiConfig config;
    private final ZoneId zone;

    IncidentReport(CtiConfig config) {
        this.config = config;
        this.zone = ZoneId.of(config.site().timeZone());
    }

    /** One incident: when, what kind, and its details. */
    public record Incident(Instant at, String kind, JsonObject detail) {}

    public record Result(List<Incident> incidents) {
        public JsonObject json() {
            JsonArray a = new JsonArray();
            incidents.forEach(i -> a.add(new JsonObject().put("at", i.at().toString()).put("kind", i.kind())
                    .mergeIn(i.detail())));
            return new JsonObject().put("incidents", a);
        }

        public byte[] csv() {
            List<List<String>> lines = new ArrayList<>();
            incidents.forEach(i -> lines.add(List.of(i.at().toString(), i.kind(), i.detail().encode())));
            return ReportTable.csv(List.of("at", "kind", "detail"), lines);
        }
    }

    Result compute(Connection c, ReportQuery q) throws SQLException {
        Instant from = q.start(zone);
        Instant to = q.end(zone);
        List<Incident> out = new ArrayList<>();
        links(c, from, to, out);
        IntervalStore.queueRows(c, from, to).forEach((interval, rows) -> rows.forEach((queue, n) -> {
            Optional<QueueConfig> qc = config.queue(queue);
            if (qc.isPresent() && (q.queue().isEmpty() || q.queue().get().equals(queue))) {
                double target = qc.get().serviceLevel().targetPercent() / 100.0;
                n.serviceLevel(qc.get().serviceLevel()).ifPresent(sl -> {
                    if (sl < target) {
                        out.add(new Incident(interval, "sl-breach", new JsonObject().put("queue", queue)
                                .put("serviceLevel", Indicator.round(sl)).put("target", target)
                                .put("offered", n.offered()).put("answered", n.answered()).put("abandoned", n.abandoned())));
                    }
                });
            }
        }));
        int longest = config.compliance().holdThresholdsSeconds().stream().mapToInt(Integer::intValue).max().orElse(120);
        Optional<Set<String>> visible = q.visibleAgents();
        try (PreparedStatement ps = c.prepareStatement("SELECT call_id, agent_id, at FROM hold_threshold_crossings"
                + " WHERE threshold_seconds = ? AND at >= ? AND at < ? ORDER BY at")) {
            ps.setInt(1, longest);
            Sql.time(ps, 2, from);
            Sql.time(ps, 3, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (sees(visible, rs.getString(2))) {
                        out.add(new Incident(Sql.time(rs, 3), "long-hold", new JsonObject().put("callId", rs.getString(1))
                                .put("agentId", rs.getString(2)).put("thresholdSeconds", longest)));
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT agent_id, call_id, at FROM agent_state_history"
                + " WHERE event = 'RING_NO_ANSWER' AND at >= ? AND at < ? ORDER BY at")) {
            Sql.time(ps, 1, from);
            Sql.time(ps, 2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (sees(visible, rs.getString(1))) {
                        out.add(new Incident(Sql.time(rs, 3), "rona", new JsonObject().put("agentId", rs.getString(1))
                                .put("callId", rs.getString(2))));
                    }
                }
            }
        }
        out.sort(java.util.Comparator.comparing(Incident::at).thenComparing(Incident::kind));
        return new Result(out);
    }

    /** Outages (DOWN to the next UP) and gateway restarts (an UP with a new gateway start time). */
    private static void links(Connection c, Instant from, Instant to, List<Incident> out) throws SQLException {
        Instant lastStart = null;
        Instant downAt = null;
        String downWhy = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, gateway_id, gateway_started_at, detail, at"
                + " FROM link_events WHERE at < ? ORDER BY at, id")) {
            Sql.time(ps, 1, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant at = Sql.time(rs, 5);
                    boolean inRange = !at.isBefore(from);
                    if ("DOWN".equals(rs.getString(1))) {
                        downAt = at;
                        downWhy = rs.getString(4);
                        continue;
                    }
                    Instant started = Sql.time(rs, 3);
                    if (downAt != null && !at.isBefore(from)) {
                        out.add(new Incident(downAt, "link-outage", new JsonObject().put("until", at.toString())
                                .put("seconds", (at.toEpochMilli() - downAt.toEpochMilli()) / 1000.0)
                                .put("reason", downWhy)));
                    }
                    if (inRange && lastStart != null && started != null && !started.equals(lastStart)) {
                        out.add(new Incident(at, "gateway-restart", new JsonObject().put("gatewayId", rs.getString(2))
                                .put("gatewayStartedAt", started.toString())));
                    }
                    lastStart = started == null ? lastStart : started;
                    downAt = null;
                }
            }
        }
        if (downAt != null) {
            out.add(new Incident(downAt, "link-outage", new JsonObject().putNull("until").put("reason", downWhy)));
        }
    }

    private static boolean sees(Optional<Set<String>> visible, String agent) {
        return visible.isEmpty() || agent != null && visible.get().contains(agent);
    }

}
