package dev.cti.server.report;

import dev.cti.server.metrics.ServerMeters;
import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.server.kpi.QueueCounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incremental interval job (docs/METRICS.md, "Interval statistics"): every {@code reports.refreshSeconds} it finds
 * the earliest interval whose records changed since its last run ({@link ChangedRecords}; the watermark is durable, so
 * a restart picks up where it stopped), recomputes the intervals from there to the open one from the records
 * ({@link RecordReader}, {@link IntervalComputer}) a day at a time, replaces their rows, and sums today's rows into
 * {@link TodayFigures}. Runs on the reports' own thread and connection ({@link ReportDb}), one run at a time.
 */
public final class IntervalJob {
    private static final Logger LOG = LoggerFactory.getLogger(IntervalJob.class);
    private static final Duration CHUNK = Duration.ofDays(1);
    /**
     * How often the job recomputes yesterday and today whole (and once at start): rows committed long after the time
     * they carry (a link outage's events replayed late) are picked up within this, whatever the watermark says.
     */
    static final Duration SWEEP_EVERY = Duration.ofHours(1);

    private final Vertx vertx;
    private final CtiConfig config;
    private final ReportDb db;
    private final Clock clock;
    private final ZoneId zone;
    private final IntervalComputer computer;
    private final Timer runs;
    private final Counter failures;
    private final List<String> agentIds;
    private volatile TodayFigures today;
    private Future<TodayFigures> running;
    private long timer = -1;
    private Instant lastSweep;

    public IntervalJob(Vertx vertx, CtiConfig config, ReportDb db, MeterRegistry meters, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.db = db;
        this.clock = clock;
        this.zone = ZoneId.of(config.site().timeZone());
        this.computer = new IntervalComputer(config);
        this.agentIds = config.agents().stream().map(AgentConfig::id).toList();
        this.runs = ServerMeters.REPORT_INTERVAL_JOB.timer().register(meters);
        this.failures = ServerMeters.REPORT_INTERVAL_JOB_FAILURES.counter(meters);
    }

    /** Today's figures as of the last run; null before the first run has finished. */
    public TodayFigures today() {
        return today;
    }

    /** Runs now, then every {@code reports.refreshSeconds}. */
    public Future<TodayFigures> start() {
        timer = vertx.setPeriodic(config.reports().refreshSeconds() * 1000L, id -> runNow());
        return runNow();
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** A run now (or the run in progress, when one is): completes with today's figures after it. */
    public synchronized Future<TodayFigures> runNow() {
        if (running != null && !running.isComplete()) {
            return running;
        }
        long began = System.nanoTime();
        running = db.onJob(this::run).onComplete(ar -> {
            runs.record(Duration.ofNanos(System.nanoTime() - began));
            if (ar.failed()) {
                failures.increment();
                LOG.warn("interval job failed: {}", ar.cause().getMessage());
            }
        });
        return running;
    }

    private TodayFigures run(Connection c) throws SQLException {
        Instant now = clock.instant();
        var watermark = IntervalStore.watermark(c);
        Instant start;
        if (watermark.isEmpty()) {
            start = ChangedRecords.earliestEver(c).map(Intervals::floor).orElse(Intervals.floor(now));
        } else {
            Instant since = watermark.get().minusSeconds(config.reports().lateMarginSeconds());
            start = Intervals.floor(since);
            Optional<Instant> changed = ChangedRecords.earliestSince(c, since).map(Intervals::floor);
            if (changed.isPresent() && changed.get().isBefore(start)) {
                start = changed.get();
            }
            if (lastSweep == null || !now.isBefore(lastSweep.plus(SWEEP_EVERY))) {
                Instant yesterday = LocalDate.ofInstant(now, zone).minusDays(1).atStartOfDay(zone).toInstant();
                start = yesterday.isBefore(start) ? yesterday : start;
                lastSweep = now;
            }
        }
        Instant end = Intervals.ceilingExclusive(now);
        for (Instant from = start; from.isBefore(end); from = from.plus(CHUNK)) {
            Instant to = from.plus(CHUNK).isBefore(end) ? from.plus(CHUNK) : end;
            Records records = RecordReader.read(c, from, to, agentIds);
            IntervalStore.replace(c, from, to, computer.compute(records, from, to, now));
            c.commit();
        }
        IntervalStore.setWatermark(c, now, clock.instant());
        TodayFigures figures = sumToday(c, now);
        today = figures;
        return figures;
    }

    private TodayFigures sumToday(Connection c, Instant now) throws SQLException {
        LocalDate day = LocalDate.ofInstant(now, zone);
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        Map<String, QueueCounts> queues = new LinkedHashMap<>();
        for (QueueConfig q : config.queues()) {
            queues.put(q.id(), QueueCounts.ZERO);
        }
        IntervalStore.queueRows(c, from, to).values().forEach(m -> m.forEach((q, n) -> queues.merge(q, n, QueueCounts::plus)));
        AgentCounts agents = AgentCounts.ZERO;
        for (var m : IntervalStore.agentRows(c, from, to).values()) {
            for (AgentCounts a : m.values()) {
                agents = agents.plus(a);
            }
        }
        return new TodayFigures(day, now, queues, agents);
    }
}
