package dev.cti.server.report;

import dev.cti.config.CtiConfig;
import dev.cti.server.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * Interval statistics and reports (issue 15): the interval job, the report queries, call history, the audit browser,
 * the incident report and the queue_log export, all on the reports' own connections ({@link ReportDb}).
 */
public final class Reports implements AutoCloseable {
    private final CtiConfig config;
    private final ReportDb db;
    private final IntervalJob job;
    private final Clock clock;

    public Reports(Vertx vertx, CtiConfig config, Store store, MeterRegistry meters, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.db = new ReportDb(vertx, store.database());
        this.job = new IntervalJob(vertx, config, db, meters, clock);
    }

    public CtiConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public ReportDb db() {
        return db;
    }

    public IntervalJob intervals() {
        return job;
    }

    /** Brings the intervals up to date, then keeps them so every {@code reports.refreshSeconds}. */
    public Future<TodayFigures> start() {
        return job.start();
    }

    @Override
    public void close() {
        job.stop();
        db.close();
    }
}
