package dev.cti.server.followup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.CtiConfig;
import dev.cti.config.FollowUpConfig;
import dev.cti.config.Holiday;
import dev.cti.config.Localized;
import dev.cti.config.StorageConfig;
import dev.cti.server.store.FollowUpStore;
import dev.cti.server.store.FollowUpStore.Complaint;
import dev.cti.server.store.Store;
import dev.cti.server.testing.HandClock;
import dev.cti.server.testing.TestConfigs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Complaint follow-ups against a hand-moved clock: due 24 h after the wrap-up, at the first configured level unless
 * one is given; flagged when not closed within two working days, which skip the weekend and the site's holidays
 * (site time zone Asia/Shanghai); a closed one is never flagged.
 */
class ComplaintsTest {
    /** Thursday 31 December 2026, 10:00 in Shanghai; 1 January is a holiday, 2-3 January a weekend. */
    static final Instant T = Instant.parse("2026-12-31T02:00:00Z");

    @TempDir
    Path dir;
    Vertx vertx;
    Store store;
    HandClock clock;
    SimpleMeterRegistry meters;
    Complaints complaints;

    @BeforeEach
    void open() {
        vertx = Vertx.vertx();
        clock = new HandClock(T);
        CtiConfig sample = TestConfigs.sample(dir.resolve("data").toString(), "x");
        CtiConfig config = new CtiConfig(sample.site(), sample.network(), sample.storage(), sample.compliance(),
                sample.monitoring(), sample.recording(), sample.trunks(), sample.skills(), sample.queues(),
                sample.teams(), sample.agents(), sample.users(), sample.notReadyReasons(), sample.wrapUpCodes(),
                sample.scripts(), List.of(new Holiday(LocalDate.of(2027, 1, 1),
                        new Localized(Map.of("en", "New Year's Day")))), sample.qa(), sample.dialing(),
                sample.reports()).withFollowUps(new FollowUpConfig(30, 2, 30, 15, 24, 2, List.of("general", "serious",
                "major")));
        store = Store.open(new StorageConfig(dir.resolve("data").toString(), Optional.empty(), Optional.empty(),
                Optional.empty()), vertx, new SimpleMeterRegistry(), clock);
        meters = new SimpleMeterRegistry();
        complaints = new Complaints(config, new FollowUpStore(store), clock, meters);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        await(vertx.close());
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void a_complaint_is_due_in_24_hours_and_flagged_after_two_working_days_across_a_holiday() throws Exception {
        Complaint c = await(complaints.open("a1", "c-1", Optional.of("service"), Optional.empty()));
        assertThat(c.level()).isEqualTo("general");
        assertThat(c.dueAt()).isEqualTo(T.plus(Duration.ofHours(24)));
        // Friday (holiday), Saturday, Sunday do not count: Monday 4 and Tuesday 5 January are the two working days
        assertThat(complaints.closeBy(c)).isEqualTo(Instant.parse("2027-01-05T16:00:00Z"));

        clock.set(Instant.parse("2027-01-04T04:00:00Z")); // Monday noon: four calendar days, one working day
        assertThat(complaints.overdue()).isEmpty();
        clock.set(Instant.parse("2027-01-05T15:59:59Z")); // Tuesday 23:59:59 in Shanghai
        assertThat(complaints.overdue()).isEmpty();
        clock.set(Instant.parse("2027-01-05T16:00:00Z"));
        assertThat(complaints.overdue()).extracting(Complaint::id).containsExactly(c.id());
        assertThat(meters.get("cti.followup.complaints.overdue").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("cti.followup.complaints.open").gauge().value()).isEqualTo(1.0);

        assertThat(await(complaints.close(c.id(), "sam", "apologised, credit given"))).isTrue();
        assertThat(complaints.overdue()).isEmpty();
        assertThat(complaints.openNow()).isEmpty();
        assertThat(await(complaints.close(c.id(), "sam", "again"))).isFalse();
    }

    @Test
    void a_complaint_made_on_a_tuesday_has_until_the_end_of_thursday_and_keeps_its_level() throws Exception {
        clock.set(Instant.parse("2026-12-08T01:00:00Z"));
        Complaint c = await(complaints.open("a1", "c-2", Optional.empty(), Optional.of("major")));
        assertThat(c.level()).isEqualTo("major");
        assertThat(complaints.closeBy(c)).isEqualTo(Instant.parse("2026-12-10T16:00:00Z"));
    }
}
