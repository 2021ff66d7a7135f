package dev.cti.server.report;

import dev.cti.server.metrics.ServerMeters;
import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incremental interval job (docs/METRICS.md, "Interval statistics"): every {@code reports.refreshSeconds} it finds
 * the earliest interval whose records changed since its last run ({@link ChangedRecords}; the watermark is durable, so
 * a restart picks up where it stopped), recomputes the intervals from there to the open one from the records
 * ({@link RecordReader}, {@link IntervalComputer}) a day at a time, and makes their stored rows the computed ones,
 * writing only the rows that differ ({@link StoredRows}); today's figures are the per-interval sums of today's rows
 * ({@link TodaySums}), so a run's cost depends on the recomputed intervals, not on the history or the time of day.
 * The agents' states at the start of the recomputed span come from the last run's reading where it holds them
 * ({@link RecordReader.Known}). The open interval's rows whose only change is an agent's growing time in a state are
 * written at most every {@code reports.openRowFlushSeconds} (at once when their counts change, and always once the
 * interval closed and at {@link #stop}): {@link StoredRows.Open}; today's figures take them from the run, not the
 * tables. Runs on the reports' own thread and connection ({@link ReportDb}), one run at a time.
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
    /** The rows stored for the recent intervals, today's sums and the agents' states: the job's thread only. */
    private final StoredRows stored = new StoredRows();
    private final TodaySums sums;
    private RecordReader.Known known;
    /** When a run last wrote every row of the open interval that differs; null: the next run does. */
    private Instant flushedAt;

    public IntervalJob(Vertx vertx, CtiConfig config, ReportDb db, MeterRegistry meters, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.db = db;
        this.clock = clock;
        this.zone = ZoneId.of(config.site().timeZone());
        this.computer = new IntervalComputer(config);
        this.agentIds = config.agents().stream().map(AgentConfig::id).toList();
        this.sums = new TodaySums(zone, config.queues());
        this.runs = ServerMeters.REPORT_INTERVAL_JOB.timer().register(meters);
        this.failures = ServerMeters.REPORT_INTERVAL_JOB_FAILURES.counter(meters);
    }

    /** Today's figures as of the last run; null before the first run has finished. */
    public TodayFigures today() {
        return today;
    }

    /** Rows the job inserted, updated or deleted since it started. */
    long rowsWritten() {
        return stored.written();
    }

    /** Runs now, then every {@code reports.refreshSeconds}. */
    public Future<TodayFigures> start() {
        timer = vertx.setPeriodic(config.reports().refreshSeconds() * 1000L, id -> runNow());
        return runNow();
    }

    /** Rows of the open interval the last run held back (written later). */
    int rowsHeld() {
        return stored.held();
    }

    /** Stops the runs and writes the rows held back (on the job's thread, before the reports' connections close). */
    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        if (today != null) {
            flushHeld();
        }
    }

    /** Writes the rows the last run held back: after the run in progress, when there is one. */
    synchronized Future<Void> flushHeld() {
        return db.<Void>onJob(c -> {
            stored.flushHeld(c);
            return null;
        }).onFailure(e -> LOG.warn("interval job: writing the open interval's rows failed: {}", e.getMessage()));
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
        try {
            return runOn(c);
        } catch (SQLException | RuntimeException e) {
            // what the tables hold after a failed run is not known here: the next run reads it again
            stored.forget();
            sums.forget();
            known = null;
            flushedAt = null;
            throw e;
        }
    }

    private TodayFigures runOn(Connection c) throws SQLException {
        Instant now = clock.instant();
        var watermark = IntervalStore.watermark(c);
        Instant start;
        boolean sweep = false;
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
                sweep = true;
            }
        }
        Instant end = Intervals.ceilingExclusive(now);
        // the next run starts here unless a record changed an earlier interval (or it sweeps)
        Instant next = Intervals.floor(now.minusSeconds(config.reports().lateMarginSeconds()));
        LocalDate day = LocalDate.ofInstant(now, zone);
        if (sweep || !sums.hold(day)) {
            sums.read(c, day); // the intervals recomputed below then replace theirs (the open one's may be held back)
        }
        Instant open = Intervals.floor(now);
        boolean flush = flushedAt == null
                || !now.isBefore(flushedAt.plusSeconds(config.reports().openRowFlushSeconds()));
        Records last = null;
        Instant lastFrom = null;
        for (Instant from = start; from.isBefore(end); from = from.plus(CHUNK)) {
            Instant to = from.plus(CHUNK).isBefore(end) ? from.plus(CHUNK) : end;
            Records records = RecordReader.read(c, from, to, agentIds, known);
            IntervalComputer.Computed rows = computer.compute(records, from, to, now);
            stored.write(c, from, to, rows, to.equals(end) ? new StoredRows.Open(open, lastChanges(records, open), flush)
                    : null);
            c.commit();
            sums.put(from, to, rows);
            stored.forgetBefore(to.isBefore(next) ? to : next); // at most a day of rows in memory (the first run)
            last = records;
            lastFrom = from;
        }
        if (last != null) {
            RecordReader.Known read = RecordReader.Known.of(last, lastFrom, agentIds);
            known = lastFrom.isBefore(next) ? read.at(next) : read;
        }
        IntervalStore.setWatermark(c, now, clock.instant());
        if (flush) {
            flushedAt = now;
        }
        TodayFigures figures = sums.figures(now);
        today = figures;
        return figures;
    }

    /** Each agent's last state change (its id) from {@code interval}'s start on, as read. */
    private static Map<String, Long> lastChanges(Records r, Instant interval) {
        Map<String, Long> out = new HashMap<>();
        for (Records.StateChange s : r.states()) {
            if (!s.at().isBefore(interval)) {
                out.merge(s.agentId(), s.id(), Math::max);
            }
        }
        return out;
    }
}
