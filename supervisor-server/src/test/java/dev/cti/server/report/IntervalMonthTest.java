package dev.cti.server.report;

import static dev.cti.server.report.MonthOfRecords.ZONE;
import static dev.cti.server.report.MonthOfRecords.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.CtiConfig;
import dev.cti.config.Localized;
import dev.cti.config.WrapUpCode;
import dev.cti.server.kpi.QueueCounts;
import dev.cti.server.store.Store;
import dev.cti.server.testing.HandClock;
import dev.cti.server.testing.TestConfigs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's month: a generated June of records (calls answered, abandoned short and long, overflowed, timed out,
 * transferred; holds; state changes across interval and day bounds) goes through the interval job, and every interval,
 * day, week and month figure of every queue and agent equals the hand computation below, which reads only what the
 * fixture generated (never the rows the job wrote).
 */
class IntervalMonthTest {
    static final LocalDate FIRST = LocalDate.of(2026, 6, 1);
    static final LocalDate LAST = LocalDate.of(2026, 6, 30);

    @TempDir
    Path dir;
    Vertx vertx;
    Store store;
    Reports reports;
    CtiConfig config;
    HandClock clock;
    MonthOfRecords month;

    @BeforeEach
    void generate() throws Exception {
        vertx = Vertx.vertx();
        CtiConfig sample = TestConfigs.sample(dir.resolve("data").toString());
        List<WrapUpCode> codes = new ArrayList<>(sample.wrapUpCodes());
        codes.add(new WrapUpCode("complaint", Localized.of("投诉", "Complaint"), WrapUpCode.Category.COMPLAINT, List.of()));
        config = new CtiConfig(sample.site(), sample.network(), storage(), sample.compliance(), sample.monitoring(),
                sample.recording(), sample.trunks(), sample.skills(), sample.queues(), sample.teams(), sample.agents(),
                sample.users(), sample.notReadyReasons(), codes, sample.scripts(), sample.holidays(), sample.qa(),
                sample.dialing(), sample.reports());
        clock = new HandClock(MonthOfRecords.at(LAST.plusDays(1), 0, 30));
        store = Store.open(config.storage(), vertx, new SimpleMeterRegistry(), clock);
        month = new MonthOfRecords(store, 15).month(FIRST, LAST);
        reports = new Reports(vertx, config, store, new SimpleMeterRegistry(), clock);
    }

    /** H2 here; {@link PostgresIntervalMonthTest} runs the same month on PostgreSQL. */
    dev.cti.config.StorageConfig storage() throws Exception {
        return new dev.cti.config.StorageConfig(dir.resolve("data").toString(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    @AfterEach
    void close() throws Exception {
        reports.close();
        store.close();
        get(vertx.close());
    }

    @Test
    void every_interval_day_week_and_month_figure_equals_the_hand_computation() throws Exception {
        assertThat(month.visits).hasSizeGreaterThan(200);
        assertThat(month.visits).extracting(MonthOfRecords.VisitTruth::outcome)
                .contains("ANSWERED", "ABANDONED", "OVERFLOWED", "TIMED_OUT");
        get(reports.intervals().runNow());
        ReportService service = new ReportService(config, reports.db());

        for (Period by : List.of(Period.INTERVAL, Period.DAY, Period.WEEK, Period.MONTH)) {
            Map<String, QueueCounts> expected = expectedQueues(by);
            Map<String, QueueCounts> actual = new TreeMap<>();
            for (var row : get(service.queues(query(by)))) {
                if (!row.period().equals("total")) {
                    actual.put(row.period() + " " + row.id(), row.counts());
                }
            }
            assertThat(actual).as("queue figures by %s", by).isEqualTo(expected);
            Map<String, List<Long>> agentsExpected = expectedAgents(by);
            Map<String, List<Long>> agentsActual = new TreeMap<>();
            for (var row : get(service.agents(query(by)))) {
                if (!row.period().equals("total")) {
                    agentsActual.put(row.period() + " " + row.id(), agentFigures(row.counts()));
                }
            }
            assertThat(agentsActual).as("agent figures by %s", by).isEqualTo(agentsExpected);
        }
        // the month's ratios, from the hand sums: service level by the queue's definition
        QueueCounts sales = expectedQueues(Period.MONTH).get("2026-06 sales");
        var monthRow = get(service.queues(query(Period.MONTH))).stream()
                .filter(r -> r.id().equals("sales") && r.period().equals("2026-06")).findFirst().orElseThrow();
        assertThat(monthRow.counts().serviceLevel(config.queue("sales").orElseThrow().serviceLevel()).getAsDouble())
                .isEqualTo((double) sales.answeredWithin() / (sales.answered() + sales.abandonedLong()));
    }

    @Test
    void a_late_record_updates_the_interval_its_call_entered_and_a_fresh_job_gives_the_same_figures() throws Exception {
        TodayFigures first = get(reports.intervals().runNow());
        // a call enters at 00:20 today and is answered after the run: its interval (00:15) changes on the next run
        Instant entered = MonthOfRecords.at(LAST.plusDays(1), 0, 20);
        month.change("a2", dev.cti.server.agent.AgentState.NOT_READY, "system.login",
                dev.cti.server.agent.AgentEventType.LOGIN, null, entered.minusSeconds(30));
        get(new dev.cti.server.store.QueueVisitStore(store).record(new dev.cti.server.store.QueueVisit("late", 1,
                "support", Optional.of("13900000000"), entered, entered, dev.cti.server.store.QueueVisit.Outcome.WAITING,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())));
        clock.advance(Duration.ofMinutes(1));
        TodayFigures waiting = get(reports.intervals().runNow());
        assertThat(waiting.queues().get("support").offered()).isEqualTo(first.queues().get("support").offered() + 1);
        assertThat(waiting.queues().get("support").abandoned()).isEqualTo(first.queues().get("support").abandoned());
        // the caller hangs up at 00:50, after the 00:15 interval closed: that interval gets the abandon
        clock.set(entered.plus(Duration.ofMinutes(30)));
        get(reports.intervals().runNow());
        Instant gone = clock.instant();
        get(new dev.cti.server.store.QueueVisitStore(store).record(new dev.cti.server.store.QueueVisit("late", 1,
                "support", Optional.of("13900000000"), entered, entered, dev.cti.server.store.QueueVisit.Outcome.ABANDONED,
                Optional.of(gone), Optional.of(1_800_000L), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())));
        clock.advance(Duration.ofSeconds(5));
        TodayFigures after = get(reports.intervals().runNow());
        assertThat(after.queues().get("support").abandonedLong())
                .isEqualTo(first.queues().get("support").abandonedLong() + 1);
        var row = get(new ReportService(config, reports.db()).queues(new ReportQuery(LAST.plusDays(1), LAST.plusDays(1),
                Period.INTERVAL, Optional.of("support"), Optional.empty(), Optional.empty(), Optional.empty())))
                .stream().filter(r -> r.period().equals("2026-07-01T00:15")).findFirst().orElseThrow();
        assertThat(row.counts().abandonedLong()).isEqualTo(1);
        assertThat(row.counts().longestWaitMillis()).isEqualTo(1_800_000L);

        // a new job (a restarted server) over the same database: the same figures
        try (Reports again = new Reports(vertx, config, store, new SimpleMeterRegistry(), clock)) {
            TodayFigures restarted = get(again.intervals().runNow());
            assertThat(restarted.queues()).isEqualTo(after.queues());
            assertThat(restarted.agents()).isEqualTo(after.agents());
        }
    }

    @Test
    void runs_through_a_day_store_what_a_fresh_job_recomputes_and_an_unchanged_run_writes_nothing() throws Exception {
        // the job runs every few minutes from 08:00 to past midnight (a new day) while records arrive up to a minute
        // late, and a call's abandon updates an interval 40 minutes back; now and then a fresh job (a restarted
        // server, recomputing yesterday and today from the records) must find every stored row and today's figures
        // as they are
        Instant end = MonthOfRecords.at(LAST.plusDays(1), 0, 20);
        int run = 0;
        for (Instant t = MonthOfRecords.at(LAST, 8, 0); t.isBefore(end); t = t.plus(Duration.ofSeconds(667))) {
            clock.set(t);
            if (run % 3 == 1) {
                month.change("a3", run % 2 == 0 ? dev.cti.server.agent.AgentState.READY
                        : dev.cti.server.agent.AgentState.NOT_READY, run % 2 == 0 ? null : "break",
                        run % 2 == 0 ? dev.cti.server.agent.AgentEventType.SET_READY
                        : dev.cti.server.agent.AgentEventType.SET_NOT_READY, null, t.minusSeconds(50));
            }
            if (run % 7 == 3) {
                Instant entered = t.minus(Duration.ofMinutes(40));
                get(new dev.cti.server.store.QueueVisitStore(store).record(new dev.cti.server.store.QueueVisit(
                        "late-" + run, 1, "support", Optional.of("13900000000"), entered, entered,
                        dev.cti.server.store.QueueVisit.Outcome.ABANDONED, Optional.of(t.minusSeconds(5)),
                        Optional.of(2_395_000L), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())));
            }
            TodayFigures figures = get(reports.intervals().runNow());
            if (run % 25 == 24 || !t.plus(Duration.ofSeconds(667)).isBefore(end)) {
                var rows = storedRows();
                try (Reports fresh = new Reports(vertx, config, store, new SimpleMeterRegistry(), clock)) {
                    TodayFigures recomputed = get(fresh.intervals().runNow());
                    assertThat(fresh.intervals().rowsWritten()).as("rows a fresh job changed at %s", t).isZero();
                    assertThat(storedRows()).isEqualTo(rows);
                    assertThat(recomputed.queues()).isEqualTo(figures.queues());
                    assertThat(recomputed.agents()).isEqualTo(figures.agents());
                }
            }
            run++;
        }
        long written = reports.intervals().rowsWritten();
        get(reports.intervals().runNow());
        assertThat(reports.intervals().rowsWritten()).as("rows written by a run with nothing new").isEqualTo(written);
    }

    /** Every stored interval row, as text. */
    private List<String> storedRows() throws Exception {
        Instant from = MonthOfRecords.at(FIRST, 0, 0);
        Instant to = MonthOfRecords.at(LAST.plusDays(2), 0, 0);
        return get(reports.db().onRead(c -> {
            List<String> out = new ArrayList<>();
            IntervalStore.queueRows(c, from, to).forEach((i, m) -> out.add(i + " " + m));
            IntervalStore.agentRows(c, from, to).forEach((i, m) -> out.add(i + " " + m));
            IntervalStore.reasonRows(c, from, to).forEach((i, m) -> out.add(i + " " + m));
            return out;
        }));
    }

    private ReportQuery query(Period by) {
        return new ReportQuery(FIRST, LAST.plusDays(1), by, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** The hand computation of the queue figures: every visit in the period it entered its queue. */
    private Map<String, QueueCounts> expectedQueues(Period by) {
        Map<String, QueueCounts> out = new TreeMap<>();
        for (MonthOfRecords.VisitTruth v : month.visits) {
            long w = v.waitMs();
            boolean within = w <= 20_000;
            QueueCounts n = switch (v.outcome()) {
                case "ANSWERED" -> new QueueCounts(1, 1, within ? 1 : 0, 0, 0, 0, 0, 0, v.transfers(), w, 0, w,
                        v.rings(), v.rings() <= 3 ? 1 : 0, 1, v.talkMs(), v.holdMs(), v.wrapMs(), v.complaint() ? 1 : 0);
                case "ABANDONED" -> new QueueCounts(1, 0, 0, w <= 5_000 ? 1 : 0, w <= 5_000 ? 0 : 1, within ? 1 : 0, 0,
                        0, 0, 0, w, w, 0, 0, 0, 0, 0, 0, 0);
                case "OVERFLOWED" -> new QueueCounts(1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, w, 0, 0, 0, 0, 0, 0, 0);
                default -> new QueueCounts(1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, w, 0, 0, 0, 0, 0, 0, 0);
            };
            out.merge(by.key(floor(v.entered()), ZONE) + " " + v.queue(), n, QueueCounts::plus);
        }
        return out;
    }

    /**
     * The hand computation of the agents' figures: time in state, each span cut at the quarter hours; calls answered
     * (handled: all of the fixture's are) in the period of the answer.
     */
    private Map<String, List<Long>> expectedAgents(Period by) {
        Map<String, long[]> sums = new TreeMap<>();
        Function<String, long[]> fresh = k -> new long[8];
        for (MonthOfRecords.Span s : month.spans) {
            for (Instant i = floor(s.from()); i.isBefore(s.to()); i = i.plus(Duration.ofMinutes(15))) {
                Instant a = s.from().isAfter(i) ? s.from() : i;
                Instant b = s.to().isBefore(i.plus(Duration.ofMinutes(15))) ? s.to() : i.plus(Duration.ofMinutes(15));
                long ms = Duration.between(a, b).toMillis();
                long[] v = sums.computeIfAbsent(by.key(i, ZONE) + " " + s.agent(), fresh);
                v[0] += ms;
                switch (s.state()) {
                    case "READY" -> v[1] += ms;
                    case "NOT_READY" -> v[2] += ms;
                    case "ON_CALL" -> v[3] += ms;
                    case "RESERVED", "WRAP_UP" -> v[4] += ms;
                    default -> { }
                }
            }
        }
        for (MonthOfRecords.VisitTruth v : month.visits) {
            if (v.outcome().equals("ANSWERED")) {
                long[] s = sums.computeIfAbsent(by.key(floor(v.answered()), ZONE) + " " + v.agent(), fresh);
                s[5]++;
                s[6]++;
                s[7] += v.talkMs() + v.holdMs() + v.wrapMs();
            }
        }
        Map<String, List<Long>> out = new TreeMap<>();
        sums.forEach((k, v) -> out.put(k, List.of(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7])));
        return out;
    }

    private static List<Long> agentFigures(AgentCounts n) {
        return List.of(n.loggedInMillis(), n.readyMillis(), n.notReadyMillis(), n.onCallMillis(),
                n.reservedMillis() + n.wrapUpStateMillis(), n.answered(), n.handled(),
                n.talkMillis() + n.holdMillis() + n.wrapUpMillis());
    }

    private static Instant floor(Instant t) {
        long q = Duration.ofMinutes(15).toMillis();
        return Instant.ofEpochMilli(t.toEpochMilli() / q * q);
    }
}
