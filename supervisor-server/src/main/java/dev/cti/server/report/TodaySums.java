package dev.cti.server.report;

import dev.cti.config.QueueConfig;
import dev.cti.server.kpi.QueueCounts;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Today's rows summed per interval (per queue, and all agents together), so {@link TodayFigures} add up at most
 * 96 intervals' sums instead of reading today's rows: read from the tables when the job starts, on the hourly sweep and
 * when the day changes (before the run's recomputation), and otherwise replaced interval by interval with the rows the
 * job has just computed (stored, but for the open interval's rows it holds back, see {@link StoredRows}). The sums of
 * counts (and the maximum of the longest waits) do not depend on the order they are added in, so the figures are those
 * of the stored rows.
 */
final class TodaySums {
    private final ZoneId zone;
    private final List<QueueConfig> configured;
    private final NavigableMap<Instant, Map<String, QueueCounts>> queues = new TreeMap<>();
    private final NavigableMap<Instant, AgentCounts> agents = new TreeMap<>();
    private LocalDate day;

    TodaySums(ZoneId zone, List<QueueConfig> configured) {
        this.zone = zone;
        this.configured = configured;
    }

    /** Whether the sums are those of {@code d} (false before the first read and after {@link #forget}). */
    boolean hold(LocalDate d) {
        return d.equals(day);
    }

    /** Sums {@code d}'s stored rows. */
    void read(Connection c, LocalDate d) throws SQLException {
        forget();
        Instant from = start(d);
        Instant to = start(d.plusDays(1));
        IntervalStore.queueRows(c, from, to).forEach((i, m) -> queues.put(i, new HashMap<>(m)));
        IntervalStore.agentRows(c, from, to).forEach((i, m) -> agents.put(i, sum(m.values())));
        day = d;
    }

    /** The intervals of [from, to) in the day now hold {@code rows} (just stored). */
    void put(Instant from, Instant to, IntervalComputer.Computed rows) {
        if (day == null) {
            return;
        }
        Instant a = from.isAfter(start(day)) ? from : start(day);
        Instant b = to.isBefore(start(day.plusDays(1))) ? to : start(day.plusDays(1));
        if (!a.isBefore(b)) {
            return;
        }
        queues.subMap(a, b).clear();
        agents.subMap(a, b).clear();
        rows.queues().forEach((i, m) -> {
            if (!i.isBefore(a) && i.isBefore(b)) {
                queues.put(i, new HashMap<>(m));
            }
        });
        rows.agents().forEach((i, m) -> {
            if (!i.isBefore(a) && i.isBefore(b)) {
                agents.put(i, sum(m.values()));
            }
        });
    }

    void forget() {
        queues.clear();
        agents.clear();
        day = null;
    }

    /** The day's figures as of {@code asOf}: every configured queue (zero without calls) and any other with rows. */
    TodayFigures figures(Instant asOf) {
        Map<String, QueueCounts> byQueue = new LinkedHashMap<>();
        for (QueueConfig q : configured) {
            byQueue.put(q.id(), QueueCounts.ZERO);
        }
        queues.values().forEach(m -> m.forEach((q, n) -> byQueue.merge(q, n, QueueCounts::plus)));
        return new TodayFigures(day, asOf, byQueue, sum(agents.values()));
    }

    private Instant start(LocalDate d) {
        return d.atStartOfDay(zone).toInstant();
    }

    private static AgentCounts sum(Collection<AgentCounts> rows) {
        AgentCounts all = AgentCounts.ZERO;
        for (AgentCounts a : rows) {
            all = all.plus(a);
        }
        return all;
    }
}
