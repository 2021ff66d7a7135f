package dev.cti.server.qa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.CtiConfig;
import dev.cti.config.Localized;
import dev.cti.config.QaConfig;
import dev.cti.config.StorageConfig;
import dev.cti.config.WrapUpCode;
import dev.cti.server.agent.Cause;
import dev.cti.server.agent.WrapUpRecord;
import dev.cti.server.auth.AuthorizationPolicy;
import dev.cti.server.auth.Principal;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.Store;
import dev.cti.server.store.WorkItem;
import dev.cti.server.store.WorkListStore;
import dev.cti.server.testing.HandClock;
import dev.cti.server.testing.TestConfigs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily sampling with a hand-moved clock on a real (H2) store: nothing before the run time, the day before
 * sampled once at 01:00 (2 random calls per agent of quinn's team plus every flagged call), a restart does not sample
 * it again, the next run is scheduled for the next day, and a dispute puts a sampled call back on the list.
 */
class SamplingJobTest {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final LocalDate DAY = LocalDate.of(2026, 3, 1);

    @TempDir
    Path dir;
    Vertx vertx;
    Store store;
    CtiConfig config;
    HandClock clock;
    WorkListStore work;
    SimpleMeterRegistry meters;

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        CtiConfig c = TestConfigs.withQa(TestConfigs.sample(dir.resolve("data").toString(), "x"));
        List<WrapUpCode> codes = new ArrayList<>(c.wrapUpCodes());
        codes.add(new WrapUpCode("complaint", Localized.of("投诉", "Complaint"), WrapUpCode.Category.COMPLAINT, List.of()));
        config = new CtiConfig(c.site(), c.network(), c.storage(), c.compliance(), c.monitoring(), c.recording(),
                c.trunks(), c.skills(), c.queues(), c.teams(), c.agents(), c.users(), c.notReadyReasons(), codes,
                c.scripts(), c.holidays(), c.qa(), c.dialing());
        clock = new HandClock(at(2026, 3, 2, 0, 30));
        meters = new SimpleMeterRegistry();
        store = Store.open(new StorageConfig(dir.resolve("data").toString(), Optional.empty(), Optional.empty(),
                Optional.empty()), vertx, meters, clock);
        work = new WorkListStore(store);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        await(vertx.close());
    }

    static Instant at(int y, int m, int d, int h, int min) {
        return ZonedDateTime.of(y, m, d, h, min, 0, 0, ZONE).toInstant();
    }

    private void call(String id, String agent, Instant start, long ringMs, long talkS) throws Exception {
        await(store.recordCall(new CallRecord(id, CallRecord.Direction.INBOUND, Optional.of("sales"),
                Optional.of("13800001111"), Optional.empty(), Optional.of(agent), CallRecord.Outcome.ANSWERED,
                Duration.ofSeconds(3), Duration.ofMillis(ringMs), Duration.ofSeconds(talkS), Duration.ZERO,
                Duration.ZERO, Optional.empty(), Optional.empty(), start, Optional.of(start.plusSeconds(5)),
                Optional.of(start.plusSeconds(5 + talkS)))));
    }

    /** a1: 4 plain calls and 4 flagged ones; a2: 3 plain; a3 (team blue, no evaluator): 2; one call today. */
    private void calls() throws Exception {
        Instant morning = at(2026, 3, 1, 9, 0);
        for (int i = 0; i < 4; i++) {
            call("a1-plain-" + i, "a1", morning.plusSeconds(600L * i), 2_000, 60);
        }
        call("a1-late", "a1", morning.plusSeconds(3000), 9_000, 60);
        call("a1-hold", "a1", morning.plusSeconds(3600), 2_000, 200);
        await(store.recordHold("a1-hold", "a1", true, morning.plusSeconds(3620)));
        await(store.recordHold("a1-hold", "a1", false, morning.plusSeconds(3690)));
        call("a1-short", "a1", morning.plusSeconds(4200), 2_000, 5);
        call("a1-complaint", "a1", morning.plusSeconds(4800), 2_000, 60);
        await(store.recordWrapUp(new WrapUpRecord("a1", "a1-complaint", Optional.of("sales"), "complaint",
                Optional.empty(), Cause.agent("alice"), morning.plusSeconds(4900))));
        for (int i = 0; i < 3; i++) {
            call("a2-plain-" + i, "a2", morning.plusSeconds(600L * i), 2_000, 60);
        }
        call("a3-plain-0", "a3", morning, 2_000, 60);
        call("a3-late", "a3", morning.plusSeconds(60), 9_000, 60);
        call("a1-today", "a1", at(2026, 3, 2, 0, 10), 2_000, 60);
    }

    private List<WorkItem> list() throws Exception {
        return await(work.list(Optional.empty(), Set.of("OPEN", "IN_PROGRESS", "DONE"), Optional.empty(), 100));
    }

    @Test
    void the_day_before_is_sampled_once_after_the_run_time_with_every_flagged_call() throws Exception {
        calls();
        SamplingJob job = new SamplingJob(config, work, clock, new Random(42), meters);
        assertThat(await(job.runDue())).as("00:30: the last due run was yesterday's, for Feb 28")
                .contains(DAY.minusDays(1));
        assertThat(list()).isEmpty();

        clock.set(at(2026, 3, 2, 1, 30));
        assertThat(await(job.runDue())).contains(DAY);
        List<WorkItem> items = list();
        Map<String, List<String>> reasons = items.stream().collect(Collectors.toMap(WorkItem::callId,
                WorkItem::reasons));
        assertThat(items).allSatisfy(w -> {
            assertThat(w.evaluator()).isEqualTo("quinn");
            assertThat(w.callDay()).isEqualTo(DAY);
            assertThat(w.status()).isEqualTo("OPEN");
        });
        assertThat(reasons.get("a1-late")).contains("late-answer");
        assertThat(reasons.get("a1-hold")).contains("long-hold");
        assertThat(reasons.get("a1-short")).contains("short-call");
        assertThat(reasons.get("a1-complaint")).contains("complaint");
        assertThat(items.stream().filter(w -> w.agentId().equals("a1") && w.reasons().contains("random"))).hasSize(2);
        assertThat(items.stream().filter(w -> w.agentId().equals("a2") && w.reasons().contains("random"))).hasSize(2);
        assertThat(items).noneMatch(w -> w.agentId().equals("a3")).noneMatch(w -> w.callId().equals("a1-today"));
        assertThat(items).allSatisfy(w -> assertThat(w.reasons()).isNotEmpty());
        assertThat(meters.counter("cti.qa.worklist.items.added", "reason", "late-answer").count()).isEqualTo(1);

        assertThat(await(job.runDue())).as("once per day").isEmpty();
        SamplingJob restarted = new SamplingJob(config, work, clock, new Random(7), meters);
        assertThat(await(restarted.runDue())).as("nor after a restart").isEmpty();
        assertThat(list()).hasSameSizeAs(items);
    }

    @Test
    void the_same_seed_picks_the_same_calls_and_the_next_run_is_tomorrow_at_the_run_time() throws Exception {
        calls();
        List<WorkListStore.Candidate> candidates = await(work.candidates(DAY.atStartOfDay(ZONE).toInstant(),
                DAY.plusDays(1).atStartOfDay(ZONE).toInstant()));
        assertThat(candidates).hasSize(13);
        var a = new SamplingJob(config, work, clock, new Random(3), meters).choose(DAY, candidates);
        var b = new SamplingJob(config, work, clock, new Random(3), meters).choose(DAY, candidates);
        assertThat(a).isEqualTo(b);

        clock.set(at(2026, 3, 2, 1, 30));
        List<Duration> scheduled = new ArrayList<>();
        new SamplingJob(config, work, clock, new Random(3), meters).start((delay, task) -> scheduled.add(delay));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !scheduled.isEmpty());
        assertThat(scheduled.get(0)).isEqualTo(Duration.ofHours(23).plusMinutes(30).plusSeconds(1));
        assertThat(await(work.sampled(DAY))).as("the missed run was made up at start").isTrue();
    }

    @Test
    void a_dispute_puts_a_sampled_call_back_on_the_evaluators_list() throws Exception {
        calls();
        clock.set(at(2026, 3, 2, 1, 30));
        await(new SamplingJob(config, work, clock, new Random(42), meters).runDue());
        QaService qa = new QaService(config, new AuthorizationPolicy(), store, meters, clock);
        Principal quinn = principal("quinn");
        long id = await(qa.open(quinn, "a1-late")).scored().evaluation().id();
        assertThat(status("a1-late")).isEqualTo("IN_PROGRESS");
        List<Edit.ItemChange> all = config.qa().forms().get(0).items().stream().map(i -> new Edit.ItemChange(i.id(),
                Optional.of(QaConfig.Rating.GOOD), false, false, Optional.empty())).toList();
        await(qa.save(quinn, id, new Edit(all, false, Optional.empty(), Optional.empty())));
        await(qa.submit(quinn, id, Optional.empty()));
        assertThat(status("a1-late")).isEqualTo("DONE");
        await(qa.dispute(principal("alice"), id, "the ring count is the PBX's fault"));
        WorkItem back = list().stream().filter(w -> w.callId().equals("a1-late")).findFirst().orElseThrow();
        assertThat(back.status()).isEqualTo("OPEN");
        assertThat(back.reasons()).containsSubsequence("late-answer", "dispute");
        assertThat(back.evaluationId()).contains(id);
    }

    private String status(String callId) throws Exception {
        return list().stream().filter(w -> w.callId().equals(callId)).findFirst().orElseThrow().status();
    }

    private Principal principal(String user) {
        var u = config.user(user).orElseThrow();
        return new Principal(u.username(), u.displayName(), u.role(), u.agent(), u.teams());
    }
}
