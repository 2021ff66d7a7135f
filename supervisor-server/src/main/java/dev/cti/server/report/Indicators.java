package dev.cti.server.report;

import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.config.TeamConfig;
import dev.cti.server.kpi.QueueCounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every indicator of the standard over a report's range (docs/METRICS.md, "The standard's indicators"), from the
 * interval rows, the queue visits (first-contact resolution), the CDRs (trunk minutes), the satisfaction surveys
 * (customer satisfaction) and the QA evaluations (pass rate, given by the caller). Queue-based indicators are the site's (or the {@code queue} asked for); agent-based ones
 * cover the agents the caller may see (and the {@code team} / {@code agent} asked for).
 */
public final class Indicators {
    private final CtiConfig config;
    private final ZoneId zone;

    Indicators(CtiConfig config) {
        this.config = config;
        this.zone = ZoneId.of(config.site().timeZone());
    }

    /** The indicators and their CSV. */
    public record Result(List<Indicator> indicators) {
        public JsonObject json() {
            JsonArray a = new JsonArray();
            indicators.forEach(i -> a.add(i.json()));
            return new JsonObject().put("indicators", a);
        }

        public byte[] csv() {
            List<List<String>> lines = new ArrayList<>();
            for (Indicator i : indicators) {
                lines.add(List.of(i.id(), i.zh(), i.en(), i.value() == null ? "" : Double.toString(i.value()),
                        i.unit(), i.status(), i.numerator() == null ? "" : Double.toString(i.numerator()),
                        i.denominator() == null ? "" : Double.toString(i.denominator())));
            }
            return ReportTable.csv(List.of("id", "name_zh", "name_en", "value", "unit", "status", "numerator",
                    "denominator"), lines);
        }
    }

    /** The QA figures of the range (submitted, passed), when QA is running. */
    public record Qa(long submitted, long passed) {}

    Result compute(Connection c, ReportQuery q, Optional<Qa> qa, ReportService.Grouper agentsOf) throws SQLException {
        Instant from = q.start(zone);
        Instant to = q.end(zone);
        QueueCounts queues = QueueCounts.ZERO;
        double slNumerator = 0;
        double slDenominator = 0;
        for (var interval : IntervalStore.queueRows(c, from, to).values()) {
            for (var e : interval.entrySet()) {
                if (q.queue().isPresent() && !q.queue().get().equals(e.getKey())) {
                    continue;
                }
                QueueCounts n = e.getValue();
                queues = queues.plus(n);
                QueueConfig.ServiceLevel sl = config.queue(e.getKey()).map(QueueConfig::serviceLevel).orElse(null);
                slNumerator += n.answeredWithin();
                slDenominator += n.answered() + (sl == null || !sl.abandonsInDenominator() ? 0
                        : n.abandonedLong() + (sl.excludeShortAbandons() ? 0 : n.abandonedShort()));
            }
        }
        AgentCounts agents = AgentCounts.ZERO;
        java.util.Set<String> dialled = new java.util.HashSet<>();
        Map<Instant, Map<String, AgentCounts>> agentRows = IntervalStore.agentRows(c, from, to);
        for (var interval : agentRows.values()) {
            for (var e : interval.entrySet()) {
                if (agentsOf.includes(e.getKey())) {
                    agents = agents.plus(e.getValue());
                    if (e.getValue().outboundAttempts() > 0) {
                        dialled.add(e.getKey());
                    }
                }
            }
        }
        double days = q.days();
        long[] fcr = firstContact(c, q, from, to);
        List<Indicator> out = new ArrayList<>();
        out.add(Indicator.of("answerRate", "接通率", "Answer rate", "ratio", queues.answered(), queues.offered()));
        out.add(Indicator.of("inboundOccupancy", "呼入占用率", "Inbound occupancy", "ratio",
                queues.talkMillis() + queues.holdMillis() + queues.wrapUpMillis(),
                agents.busyMillis() + agents.readyMillis()));
        out.add(Indicator.of("outboundEfficiency", "外呼效率", "Outbound efficiency", "per logged-in hour",
                agents.outboundAnswered(), agents.loggedInMillis() / 3_600_000.0));
        out.add(Indicator.of("serviceLevel", "服务水平", "Service level", "ratio", slNumerator, slDenominator));
        var surveys = dev.cti.server.store.SurveyStore.counts(c, from, to,
                queue -> q.queue().isEmpty() || q.queue().get().equals(queue), agentsOf::includes).values().stream()
                .reduce(dev.cti.server.store.SurveyStore.Counts.ZERO, dev.cti.server.store.SurveyStore.Counts::plus);
        out.add(Indicator.of("customerSatisfaction", "客户满意度", "Customer satisfaction", "ratio", surveys.satisfied(),
                surveys.rated()));
        out.add(Indicator.of("averageHandleTime", "平均处理时间", "Average handle time", "seconds",
                (queues.talkMillis() + queues.holdMillis() + queues.wrapUpMillis()) / 1000.0, queues.handled()));
        out.add(Indicator.of("averageRings", "平均振铃次数", "Average ring count", "rings", queues.rings(),
                queues.answered()));
        out.add(Indicator.of("averageQueueTime", "平均排队时间", "Average queue time", "seconds",
                (queues.waitAnsweredMillis() + queues.waitAbandonedMillis()) / 1000.0,
                queues.answered() + queues.abandoned()));
        out.add(Indicator.of("averageSpeedOfAnswer", "平均应答速度", "Average speed of answer", "seconds",
                queues.waitAnsweredMillis() / 1000.0, queues.answered()));
        out.add(qa.map(f -> Indicator.of("qaPassRate", "监听合格率", "QA pass rate", "ratio", f.passed(), f.submitted()))
                .orElse(Indicator.missing("qaPassRate", "监听合格率", "QA pass rate", "ratio", "not_built")));
        out.add(Indicator.of("firstContactResolution", "一次性解决问题率", "First-contact resolution", "ratio",
                fcr[0] - fcr[1], fcr[0]));
        out.add(Indicator.of("agentOccupancy", "CSR占有率", "Agent occupancy", "ratio", agents.busyMillis(),
                agents.busyMillis() + agents.readyMillis()));
        out.add(Indicator.of("dailyOutbound", "日呼出量", "Daily outbound calls", "calls per day",
                agents.outboundAttempts(), days));
        out.add(Indicator.of("dailySuccesses", "日成功量", "Daily successes", "calls per day",
                agents.outboundSuccesses(), days));
        out.add(attendance(q, agentRows, agentsOf));
        out.add(costPerCall(c, from, to, agents));
        out.add(Indicator.of("complaintRate", "服务态度投诉率", "Complaint rate", "ratio", agents.complaints(),
                agents.handled()));
        out.add(Indicator.of("conversionRate", "订单转化率", "Conversion rate", "ratio", agents.outboundSuccesses(),
                agents.outboundAttempts()));
        out.add(Indicator.of("outboundPerAgent", "外呼量", "Outbound calls per agent", "calls per agent",
                agents.outboundAttempts(), dialled.size()));
        return new Result(out);
    }

    /**
     * First-contact resolution: {answered visits in the range, of them followed by a call from the same number to the
     * same queue within reports.repeatCallHours}.
     */
    private long[] firstContact(Connection c, ReportQuery q, Instant from, Instant to) throws SQLException {
        Duration window = Duration.ofHours(config.reports().repeatCallHours());
        long answered = 0;
        long repeated = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT queue_id, caller_number, entered_at, outcome"
                + " FROM queue_visits WHERE entered_at >= ? AND entered_at < ? AND caller_number IS NOT NULL"
                + " ORDER BY queue_id, caller_number, entered_at")) {
            Sql.time(ps, 1, from);
            Sql.time(ps, 2, to.plus(window));
            try (ResultSet rs = ps.executeQuery()) {
                String[] prev = null;
                Instant prevAt = null;
                boolean prevAnswered = false;
                while (rs.next()) {
                    String[] key = {rs.getString(1), rs.getString(2)};
                    Instant at = Sql.time(rs, 3);
                    boolean same = prev != null && prev[0].equals(key[0]) && prev[1].equals(key[1]);
                    if (same && prevAnswered && !at.isAfter(prevAt.plus(window))) {
                        repeated++;
                    }
                    boolean counts = at.isBefore(to) && "ANSWERED".equals(rs.getString(4))
                            && (q.queue().isEmpty() || q.queue().get().equals(key[0]));
                    if (counts) {
                        answered++;
                    }
                    prev = key;
                    prevAt = at;
                    prevAnswered = counts;
                }
            }
        }
        return new long[] {answered, repeated};
    }

    /** Attendance: logged-in time inside the team's shift ÷ the shift's time, over agents of teams with a shift. */
    private Indicator attendance(ReportQuery q, Map<Instant, Map<String, AgentCounts>> rows,
                                 ReportService.Grouper agentsOf) {
        double scheduled = 0;
        double present = 0;
        for (AgentConfig a : config.agents()) {
            Optional<TeamConfig.Shift> shift = config.team(a.team()).flatMap(TeamConfig::shift);
            if (shift.isEmpty() || !agentsOf.includes(a.id())) {
                continue;
            }
            for (LocalDate d = q.from(); !d.isAfter(q.to()); d = d.plusDays(1)) {
                if (shift.get().days().contains(d.getDayOfWeek())) {
                    scheduled += Duration.between(shift.get().start(), shift.get().end()).toMillis();
                }
            }
        }
        if (scheduled == 0) {
            return Indicator.missing("attendance", "出勤率", "Attendance", "ratio", "not_configured");
        }
        for (var interval : rows.entrySet()) {
            LocalDateTime t = LocalDateTime.ofInstant(interval.getKey(), zone);
            for (var e : interval.getValue().entrySet()) {
                Optional<TeamConfig.Shift> shift = config.agent(e.getKey()).flatMap(a -> config.team(a.team()))
                        .flatMap(TeamConfig::shift);
                if (shift.isPresent() && agentsOf.includes(e.getKey())
                        && shift.get().days().contains(t.getDayOfWeek())
                        && !t.toLocalTime().isBefore(shift.get().start()) && t.toLocalTime().isBefore(shift.get().end())) {
                    present += e.getValue().loggedInMillis();
                }
            }
        }
        return Indicator.of("attendance", "出勤率", "Attendance", "ratio", present, scheduled);
    }

    /** Cost per call: logged-in hours × agentHourCost + trunk minutes × trunkMinuteCost, ÷ calls handled. */
    private Indicator costPerCall(Connection c, Instant from, Instant to, AgentCounts agents) throws SQLException {
        var r = config.reports();
        if (!r.costsConfigured()) {
            return Indicator.missing("costPerCall", "平均单呼成本", "Cost per call", r.currency(), "not_configured");
        }
        double trunkMillis;
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(wait_ms + ring_ms + talk_ms + hold_ms), 0)"
                + " FROM calls WHERE started_at >= ? AND started_at < ?")) {
            Sql.time(ps, 1, from);
            Sql.time(ps, 2, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                trunkMillis = rs.getDouble(1);
            }
        }
        double cost = agents.loggedInMillis() / 3_600_000.0 * r.agentHourCost().get()
                + trunkMillis / 60_000.0 * r.trunkMinuteCost().get();
        return Indicator.of("costPerCall", "平均单呼成本", "Cost per call", r.currency(), cost, agents.handled());
    }
}
