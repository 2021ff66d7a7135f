package dev.cti.server.report;

import static dev.cti.server.report.MonthOfRecords.ZONE;
import static dev.cti.server.report.MonthOfRecords.at;
import static dev.cti.server.report.MonthOfRecords.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.CtiConfig;
import dev.cti.config.ReportsConfig;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentState;
import dev.cti.server.store.QueueVisit;
import dev.cti.server.store.QueueVisitStore;
import dev.cti.server.store.Store;
import dev.cti.server.testing.HandClock;
import dev.cti.server.testing.TestConfigs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, T6: the open interval's agent rows whose only change is the agents' growing time are written at most every
 * {@code reports.openRowFlushSeconds} (30 s here), at once when a count or a state changes, always once the interval
 * closed and at shutdown; today's figures keep coming from the run (memory), and equal the stored rows' once written.
 * Agents a1 and a2 are logged in from 09:50 (site time) on, a1 READY, a2 NOT_READY (break).
 */
class IntervalOpenRowsTest {
    static final LocalDate DAY = LocalDate.of(2026, 7, 1);
    static final Instant INTERVAL = at(DAY, 10, 0);

    @TempDir
    Path dir;
    Vertx vertx;
    Store store;
    Reports reports;
    CtiConfig config;
    HandClock clock;
    MonthOfRecords records;
    /** A connection of its own to read the stored rows (the reports' may be closed). */
    ReportDb reader;

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        CtiConfig sample = TestConfigs.sample(dir.resolve("data").toString());
        ReportsConfig r = sample.reports();
        config = sample.withReports(new ReportsConfig(r.refreshSeconds(), r.lateMarginSeconds(), 30,
                r.repeatCallHours(), r.agentHourCost(), r.trunkMinuteCost(), r.currency()));
        clock = new HandClock(at(DAY, 10, 5));
        store = Store.open(config.storage(), vertx, new SimpleMeterRegistry(), clock);
        records = new MonthOfRecords(store, 6);
        records.change("a1", AgentState.NOT_READY, "system.login", AgentEventType.LOGIN, null, at(DAY, 9, 50));
        records.change("a1", AgentState.READY, null, AgentEventType.SET_READY, null, at(DAY, 9, 51));
        records.change("a2", AgentState.NOT_READY, "system.login", AgentEventType.LOGIN, null, at(DAY, 9, 50));
        records.change("a2", AgentState.NOT_READY, "break", AgentEventType.SET_NOT_READY, null, at(DAY, 9, 52));
        reports = new Reports(vertx, config, store, new SimpleMeterRegistry(), clock);
        reader = new ReportDb(vertx, store.database());
    }

    @AfterEach
    void close() throws Exception {
        reports.close();
        reader.close();
        store.close();
        get(vertx.close());
    }

    @Test
    void a_row_that_only_gained_time_is_written_every_30_seconds_and_today_comes_from_memory() throws Exception {
        TodayFigures first = run(); // 10:05:00: the first run writes every row
        assertThat(stored("a1").readyMillis()).isEqualTo(300_000);
        assertThat(stored("a2").notReadyMillis()).isEqualTo(300_000);
        assertThat(storedReason("a2", "break")).isEqualTo(300_000);
        long written = reports.intervals().rowsWritten();

        for (int s = 2; s < 30; s += 2) {
            clock.set(INTERVAL.plus(Duration.ofMinutes(5)).plusSeconds(s));
            TodayFigures today = run();
            assertThat(reports.intervals().rowsWritten()).as("rows written %d s after the last write", s)
                    .isEqualTo(written);
            // the live figures grow all the same: they are the run's, not the tables'
            assertThat(today.agents().loggedInMillis()).isEqualTo(first.agents().loggedInMillis() + 2_000L * s);
        }
        assertThat(reports.intervals().rowsHeld()).isEqualTo(3); // a1, a2 and a2's break
        assertThat(stored("a1").readyMillis()).isEqualTo(300_000);
        assertThat(storedReason("a2", "break")).isEqualTo(300_000);

        clock.set(INTERVAL.plus(Duration.ofMinutes(5)).plusSeconds(30));
        run();
        assertThat(reports.intervals().rowsWritten()).isEqualTo(written + 3);
        assertThat(reports.intervals().rowsHeld()).isZero();
        assertThat(stored("a1").readyMillis()).isEqualTo(330_000);
        assertThat(stored("a2").notReadyMillis()).isEqualTo(330_000);
        assertThat(storedReason("a2", "break")).isEqualTo(330_000);
    }

    @Test
    void a_state_change_or_a_call_is_written_at_once() throws Exception {
        run();
        long written = reports.intervals().rowsWritten();
        clock.set(INTERVAL.plus(Duration.ofMinutes(5)).plusSeconds(4));
        records.change("a1", AgentState.NOT_READY, "lunch", AgentEventType.SET_NOT_READY, null,
                clock.instant().minusSeconds(1));
        run();
        // a1's row and its new reason row at once; a2's row, time only, held back
        assertThat(reports.intervals().rowsWritten()).isEqualTo(written + 2);
        assertThat(stored("a1").readyMillis()).isEqualTo(303_000);
        assertThat(stored("a1").notReadyMillis()).isEqualTo(1_000);
        assertThat(storedReason("a1", "lunch")).isEqualTo(1_000);
        assertThat(stored("a2").notReadyMillis()).isEqualTo(300_000);

        // a call a2 answered (its agent row counts it): written at once, and a1's time alone is held back
        clock.set(INTERVAL.plus(Duration.ofMinutes(5)).plusSeconds(8));
        Instant entered = clock.instant().minusSeconds(6);
        get(new QueueVisitStore(store).record(new QueueVisit("call-1", 1, "support", Optional.of("13900000000"),
                entered, entered, QueueVisit.Outcome.ANSWERED, Optional.of(entered.plusSeconds(3)),
                Optional.of(3_000L), Optional.of("a2"), Optional.of(entered.plusSeconds(3)), Optional.of(2_000L),
                Optional.of(1), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())));
        run();
        assertThat(stored("a2").answered()).isEqualTo(1);
        assertThat(stored("a2").notReadyMillis()).isEqualTo(308_000);
        assertThat(stored("a1").notReadyMillis()).isEqualTo(1_000);
        assertThat(storedReason("a1", "lunch")).isEqualTo(1_000);
        assertThat(reports.intervals().rowsHeld()).isEqualTo(3); // a1, a1's lunch, a2's break
    }

    @Test
    void the_interval_is_written_whole_at_its_close_and_today_equals_the_stored_figures() throws Exception {
        run();
        for (int s = 2; s <= 20; s += 2) { // 10:14:40 (written), 10:14:42..58 (held back)
            clock.set(INTERVAL.plus(Duration.ofMinutes(14)).plusSeconds(38 + s));
            run();
        }
        assertThat(reports.intervals().rowsHeld()).isPositive();
        assertThat(stored("a1").readyMillis()).isLessThan(900_000);

        // 10:15:00, 20 s after the last write: the 10:00 interval closed, its rows are written whole
        clock.set(INTERVAL.plus(Intervals.LENGTH));
        TodayFigures today = run();
        assertThat(stored("a1").loggedInMillis()).isEqualTo(900_000);
        assertThat(stored("a1").readyMillis()).isEqualTo(900_000);
        assertThat(stored("a2").notReadyMillis()).isEqualTo(900_000);
        assertThat(storedReason("a2", "break")).isEqualTo(900_000);
        assertThat(reports.intervals().rowsHeld()).isZero();
        // today's figures, as GET /api/queues and /metrics give them, are those of the stored rows
        TodayFigures tables = storedToday();
        assertThat(today.agents()).isEqualTo(tables.agents());
        assertThat(today.queues()).isEqualTo(tables.queues());
        assertThat(today.agents().loggedInMillis()).isEqualTo(2 * (600_000L + 900_000L));
    }

    @Test
    void the_rows_held_back_are_written_at_shutdown_and_a_restart_changes_no_figure() throws Exception {
        run();
        clock.set(INTERVAL.plus(Duration.ofMinutes(5)).plusSeconds(10));
        TodayFigures last = run();
        assertThat(reports.intervals().rowsHeld()).isEqualTo(3);
        assertThat(storedToday().agents()).isNotEqualTo(last.agents());

        reports.close();
        assertThat(stored("a1").readyMillis()).isEqualTo(310_000);
        assertThat(storedReason("a2", "break")).isEqualTo(310_000);
        assertThat(storedToday().agents()).isEqualTo(last.agents());
        assertThat(storedToday().queues()).isEqualTo(last.queues());

        // a restarted server recomputes the open interval from the records: the same figures, nothing to write
        reports = new Reports(vertx, config, store, new SimpleMeterRegistry(), clock);
        TodayFigures again = run();
        assertThat(again.agents()).isEqualTo(last.agents());
        assertThat(again.queues()).isEqualTo(last.queues());
        assertThat(reports.intervals().rowsWritten()).isZero();
    }

    private TodayFigures run() throws Exception {
        return get(reports.intervals().runNow());
    }

    /** a1's or a2's stored row of the 10:00 interval. */
    private AgentCounts stored(String agent) throws Exception {
        return get(reader.onRead(c -> IntervalStore.agentRows(c, INTERVAL, INTERVAL.plus(Intervals.LENGTH))))
                .get(INTERVAL).get(agent);
    }

    private long storedReason(String agent, String reason) throws Exception {
        return get(reader.onRead(c -> IntervalStore.reasonRows(c, INTERVAL, INTERVAL.plus(Intervals.LENGTH))))
                .get(INTERVAL).get(agent).get(reason);
    }

    /** Today's figures summed from the stored rows alone. */
    private TodayFigures storedToday() throws Exception {
        return get(reader.onRead(c -> {
            TodaySums sums = new TodaySums(ZONE, config.queues());
            sums.read(c, DAY);
            return sums.figures(clock.instant());
        }));
    }
}
