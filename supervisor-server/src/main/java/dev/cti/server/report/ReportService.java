package dev.cti.server.report;

import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import dev.cti.server.kpi.QueueCounts;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The queue, agent and team reports: the interval rows of a range summed by period ({@link Period}) and by queue,
 * agent or team, with a total per queue / agent / team over the whole range. Queue figures are the site's (every
 * caller of a queue report sees every queue, as on the wallboard); agent and team figures only of the agents the
 * caller may see. Read on the reports' read connection.
 */
public final class ReportService {
    private final CtiConfig config;
    private final ReportDb db;
    private final ZoneId zone;

    public ReportService(CtiConfig config, ReportDb db) {
        this.config = config;
        this.db = db;
        this.zone = ZoneId.of(config.site().timeZone());
    }

    /** Which agents a query covers (the caller's visibility and the team / agent asked for). */
    @FunctionalInterface
    public interface Grouper {
        boolean includes(String agentId);
    }

    /** The agents {@code q} covers. */
    public Grouper grouper(ReportQuery q) {
        return agent -> keyOf(q, agent, false).isPresent();
    }

    /** A report row: a period (or {@code total}), a queue / agent / team id, its counts. */
    public record Row<C>(String period, String id, C counts, Map<String, Long> notReady) {}

    public Future<List<Row<QueueCounts>>> queues(ReportQuery q) {
        return db.onRead(c -> {
            Map<String, Map<String, QueueCounts>> byPeriod = new TreeMap<>();
            Map<String, QueueCounts> totals = new TreeMap<>();
            IntervalStore.queueRows(c, q.start(zone), q.end(zone)).forEach((interval, rows) -> rows.forEach((id, n) -> {
                if (q.queue().isEmpty() || q.queue().get().equals(id)) {
                    byPeriod.computeIfAbsent(q.by().key(interval, zone), k -> new TreeMap<>()).merge(id, n, QueueCounts::plus);
                    totals.merge(id, n, QueueCounts::plus);
                }
            }));
            List<Row<QueueCounts>> out = new ArrayList<>();
            byPeriod.forEach((p, m) -> m.forEach((id, n) -> out.add(new Row<>(p, id, n, Map.of()))));
            if (q.by() != Period.TOTAL) {
                totals.forEach((id, n) -> out.add(new Row<>("total", id, n, Map.of())));
            }
            return out;
        });
    }

    public Future<List<Row<AgentCounts>>> agents(ReportQuery q) {
        return db.onRead(c -> group(q, IntervalStore.agentRows(c, q.start(zone), q.end(zone)),
                IntervalStore.reasonTotals(c, q.start(zone), q.end(zone)), false));
    }

    public Future<List<Row<AgentCounts>>> teams(ReportQuery q) {
        return db.onRead(c -> group(q, IntervalStore.agentRows(c, q.start(zone), q.end(zone)),
                IntervalStore.reasonTotals(c, q.start(zone), q.end(zone)), true));
    }

    private List<Row<AgentCounts>> group(ReportQuery q, Map<Instant, Map<String, AgentCounts>> rows,
                                         Map<String, Map<String, Long>> reasons, boolean byTeam) {
        Map<String, Map<String, AgentCounts>> byPeriod = new TreeMap<>();
        Map<String, AgentCounts> totals = new TreeMap<>();
        Map<String, Map<String, Long>> notReady = new TreeMap<>();
        rows.forEach((interval, m) -> m.forEach((agent, n) -> {
            Optional<String> key = keyOf(q, agent, byTeam);
            if (key.isPresent()) {
                byPeriod.computeIfAbsent(q.by().key(interval, zone), k -> new TreeMap<>())
                        .merge(key.get(), n, AgentCounts::plus);
                totals.merge(key.get(), n, AgentCounts::plus);
            }
        }));
        reasons.forEach((agent, m) -> keyOf(q, agent, byTeam).ifPresent(key -> m.forEach((reason, ms) ->
                notReady.computeIfAbsent(key, k -> new TreeMap<>()).merge(reason, ms, Long::sum))));
        List<Row<AgentCounts>> out = new ArrayList<>();
        byPeriod.forEach((p, m) -> m.forEach((id, n) -> out.add(new Row<>(p, id, n, Map.of()))));
        if (q.by() != Period.TOTAL) {
            totals.forEach((id, n) -> out.add(new Row<>("total", id, n, notReady.getOrDefault(id, Map.of()))));
        } else {
            out.replaceAll(r -> new Row<>(r.period(), r.id(), r.counts(), notReady.getOrDefault(r.id(), Map.of())));
        }
        return out;
    }

    /** The agent's row key (itself, or its team), if the query and the caller's visibility include it. */
    private Optional<String> keyOf(ReportQuery q, String agentId, boolean byTeam) {
        if (q.visibleAgents().isPresent() && !q.visibleAgents().get().contains(agentId)) {
            return Optional.empty();
        }
        if (q.agent().isPresent() && !q.agent().get().equals(agentId)) {
            return Optional.empty();
        }
        Optional<String> team = config.agent(agentId).map(AgentConfig::team);
        if (q.team().isPresent() && !q.team().equals(team)) {
            return Optional.empty();
        }
        return byTeam ? team : Optional.of(agentId);
    }

    /** Per configured queue, the totals of the range (the indicators' input). */
    Map<String, QueueCounts> queueTotals(List<Row<QueueCounts>> rows) {
        Map<String, QueueCounts> out = new LinkedHashMap<>();
        rows.stream().filter(r -> r.period().equals("total")).forEach(r -> out.put(r.id(), r.counts()));
        return out;
    }
}
