package dev.cti.server.report;

import dev.cti.config.CtiConfig;
import dev.cti.server.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Optional;

/**
 * Interval statistics and reports (issue 15): the interval job, the report queries, call history, the audit browser,
 * the incident report and the queue_log export, all on the reports' own connections ({@link ReportDb}).
 */
public final class Reports implements AutoCloseable {
    private final CtiConfig config;
    private final ReportDb db;
    private final IntervalJob job;
    private final Clock clock;
    private final ReportService service;
    private final LinkEvents links;
    private volatile Optional<dev.cti.server.qa.QaKpis> qa = Optional.empty();

    public Reports(Vertx vertx, CtiConfig config, Store store, MeterRegistry meters, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.db = new ReportDb(vertx, store.database());
        this.job = new IntervalJob(vertx, config, db, meters, clock);
        this.service = new ReportService(config, db);
        this.links = new LinkEvents(db);
    }

    /** The QA pass rate indicator comes from here (without it: "not built"). */
    public Reports withQa(dev.cti.server.qa.QaKpis kpis) {
        this.qa = Optional.of(kpis);
        return this;
    }

    public ReportService service() {
        return service;
    }

    /** The CTI link's ups and downs, for the incident report. */
    public LinkEvents links() {
        return links;
    }

    /** The standard's indicators over {@code q}'s range (docs/METRICS.md). */
    public Future<Indicators.Result> indicators(ReportQuery q) {
        Future<Optional<Indicators.Qa>> qaFigures = qa.map(k -> k.report(q.from(), q.to(), teamsOf(q))
                .map(r -> Optional.of(teamTotal(r, q)))).orElse(Future.succeededFuture(Optional.empty()));
        return qaFigures.compose(f -> db.onRead(c -> new Indicators(config).compute(c, q, f, service.grouper(q))));
    }

    /** The incident report of {@code q}'s days. */
    public Future<IncidentReport.Result> incidents(ReportQuery q) {
        return db.onRead(c -> new IncidentReport(config).compute(c, q));
    }

    /** The queue_log lines of {@code q}'s days. */
    public Future<java.util.List<String>> queueLog(ReportQuery q) {
        java.time.ZoneId zone = java.time.ZoneId.of(config.site().timeZone());
        return db.onRead(c -> new QueueLogExport(config).lines(c, q.start(zone), q.end(zone)));
    }

    /** The call history. */
    public Future<io.vertx.core.json.JsonObject> calls(CallHistorySearch.Filter f) {
        return db.onRead(c -> CallHistorySearch.find(c, f, config));
    }

    /** The audit log. */
    public Future<io.vertx.core.json.JsonObject> audit(java.time.Instant from, java.time.Instant to,
                                                       Optional<String> actor, Optional<String> action, int page,
                                                       int size) {
        return db.onRead(c -> CallHistorySearch.audit(c, from, to, actor, action, page, size));
    }

    /** The teams whose QA figures a query covers: the one asked for, the caller's (by its agents), or all. */
    private Optional<java.util.Collection<String>> teamsOf(ReportQuery q) {
        if (q.team().isPresent()) {
            return Optional.of(java.util.List.of(q.team().get()));
        }
        return q.visibleAgents().map(agents -> agents.stream().map(config::agent).flatMap(Optional::stream)
                .map(dev.cti.config.AgentConfig::team).collect(java.util.stream.Collectors.toSet()));
    }

    private Indicators.Qa teamTotal(dev.cti.server.qa.QaKpis.Report r, ReportQuery q) {
        if (q.team().isEmpty() && q.visibleAgents().isEmpty()) {
            return new Indicators.Qa(r.total().submitted(), r.total().passed());
        }
        java.util.Collection<String> teams = teamsOf(q).orElse(java.util.List.of());
        long submitted = 0;
        long passed = 0;
        for (var e : r.teams().entrySet()) {
            if (teams.contains(e.getKey())) {
                submitted += e.getValue().submitted();
                passed += e.getValue().passed();
            }
        }
        return new Indicators.Qa(submitted, passed);
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
