package dev.cti.server.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.StorageConfig;
import dev.cti.link.LinkDownException;
import dev.cti.link.message.DeleteRecordings;
import dev.cti.link.message.LinkCommand;
import dev.cti.link.message.RecordingsDeleted;
import dev.cti.server.store.AuditEntry;
import dev.cti.server.store.RecordingRetentionStore;
import dev.cti.server.store.RecordingRow;
import dev.cti.server.store.RecordingStore;
import dev.cti.server.store.Store;
import dev.cti.server.testing.HandClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily retention job with a hand-moved clock in the site's time zone (Asia/Shanghai, 30 days): what expires,
 * the gateway asked only when connected (else again on the next run), and rows marked and audited (actor system)
 * only on the gateway's answer.
 */
class RetentionJobTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** 2026-12-07 09:00 in Shanghai. */
    private static final Instant NOW = Instant.parse("2026-12-07T01:00:00Z");
    private static final String OLD = "20261001-00000000000000000000000000000001";
    private static final String OLD_LIVE = "20261001-00000000000000000000000000000002";
    private static final String RECENT = "20261201-00000000000000000000000000000003";

    @TempDir
    Path dir;
    private Vertx vertx;
    private Store store;
    private RecordingStore recordings;
    private final HandClock clock = new HandClock(NOW);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<LinkCommand> sent = new CopyOnWriteArrayList<>();
    private volatile boolean linkUp;
    private Context context;
    private RetentionJob job;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        store = Store.open(new StorageConfig(dir.toString(), Optional.empty(), Optional.empty(), Optional.empty()),
                vertx, meters, clock);
        recordings = new RecordingStore(store, clock);
        context = vertx.getOrCreateContext();
        job = new RetentionJob(vertx, context, 30, SHANGHAI, new RecordingRetentionStore(store), command -> {
            if (!linkUp) {
                return Future.failedFuture(new LinkDownException("no gateway"));
            }
            sent.add(command);
            return Future.succeededFuture((long) sent.size());
        }, meters, clock);
        finished(OLD, "c-1", Instant.parse("2026-10-01T02:00:00Z"));
        await(recordings.started(OLD_LIVE, "c-2", Optional.empty(), "x.ctirec", Instant.parse("2026-10-01T02:00:00Z"),
                true));
        finished(RECENT, "c-3", Instant.parse("2026-12-01T02:00:00Z"));
    }

    @AfterEach
    void tearDown() throws Exception {
        store.close();
        await(vertx.close());
    }

    private void finished(String id, String callId, Instant start) throws Exception {
        await(recordings.finished(new RecordingStore.Finished(id, callId, id + ".ctirec", RecordingRow.Status.COMPLETE,
                Optional.empty(), start, 60_000, 100, "ab", "k-1", 8000, 2, List.of(), List.of()), Optional.of("1001")));
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Delivers the gateway's answer on the job's context, as the index does. */
    private List<String> answer(RecordingsDeleted e) throws Exception {
        Promise<List<String>> p = Promise.promise();
        context.runOnContext(v -> job.deleted(e).onComplete(ar -> {
            if (ar.succeeded()) {
                p.complete(ar.result());
            } else {
                p.fail(ar.cause());
            }
        }));
        return await(p.future());
    }

    private Optional<Instant> deletedAt(String id) throws Exception {
        return await(recordings.find(id)).orElseThrow().deletedAt();
    }

    @Test
    void the_daily_run_is_at_three_in_the_morning_site_time_and_the_cutoff_is_a_site_day() {
        assertThat(RetentionJob.nextRun(NOW, SHANGHAI)).isEqualTo(Instant.parse("2026-12-07T19:00:00Z"));
        assertThat(RetentionJob.nextRun(Instant.parse("2026-12-06T18:59:00Z"), SHANGHAI))
                .isEqualTo(Instant.parse("2026-12-06T19:00:00Z"));
        assertThat(RetentionJob.nextRun(Instant.parse("2026-12-06T19:00:00Z"), SHANGHAI))
                .isEqualTo(Instant.parse("2026-12-07T19:00:00Z"));
        // 30 days before the site day 2026-12-07: from 2026-11-07 00:00 Shanghai on, recordings are kept
        assertThat(job.cutoff(NOW)).isEqualTo(Instant.parse("2026-11-06T16:00:00Z"));
    }

    @Test
    void expired_recordings_are_deleted_by_the_gateway_then_marked_and_audited_and_retried_when_it_could_not()
            throws Exception {
        // the gateway is not connected: nothing asked, nothing marked; the next run asks
        assertThat(await(job.runOnce())).isZero();
        assertThat(sent).isEmpty();
        linkUp = true;
        assertThat(await(job.runOnce())).isEqualTo(2);
        DeleteRecordings ask = (DeleteRecordings) sent.get(0);
        // also the one whose end never reached the index: months old, the gateway is not writing it any more
        assertThat(ask.recordingIds()).containsExactly(OLD, OLD_LIVE);
        assertThat(deletedAt(OLD)).isEmpty(); // only the gateway's answer marks it
        assertThat(await(job.runOnce())).isZero(); // asked already, answer pending
        assertThat(answer(new RecordingsDeleted(ask.requestId(), List.of(OLD), List.of(OLD_LIVE), List.of(),
                clock.millis()))).containsExactly(OLD, OLD_LIVE);
        assertThat(deletedAt(OLD)).contains(NOW);
        assertThat(deletedAt(OLD_LIVE)).contains(NOW);
        List<AuditEntry> audit = await(store.auditLog(10));
        assertThat(audit).hasSize(2);
        assertThat(audit).filteredOn(a -> a.detail().orElseThrow().contains(OLD_LIVE)).singleElement()
                .satisfies(a -> assertThat(a.detail().orElseThrow()).contains("not on the gateway"));
        assertThat(audit).filteredOn(a -> a.detail().orElseThrow().contains(OLD + ";")).singleElement().satisfies(a -> {
            assertThat(a.actor()).isEqualTo("system");
            assertThat(a.action()).isEqualTo("recording-delete");
            assertThat(a.callId()).contains("c-1");
            assertThat(a.detail().orElseThrow()).contains(OLD).contains("older than 30 days").contains("file deleted");
        });

        // 40 days on, the recent one expires; the gateway cannot delete it the first time
        clock.advance(Duration.ofDays(40));
        assertThat(await(job.runOnce())).isEqualTo(1);
        DeleteRecordings second = (DeleteRecordings) sent.get(1);
        assertThat(second.recordingIds()).containsExactly(RECENT);
        assertThat(answer(new RecordingsDeleted(second.requestId(), List.of(), List.of(), List.of(RECENT),
                clock.millis()))).isEmpty();
        assertThat(deletedAt(RECENT)).isEmpty();
        assertThat(await(store.auditLog(10)).get(0).detail().orElseThrow()).contains(RECENT).contains("NOT deleted");
        clock.advance(Duration.ofDays(1));
        assertThat(await(job.runOnce())).isEqualTo(1);
        DeleteRecordings third = (DeleteRecordings) sent.get(2);
        assertThat(answer(new RecordingsDeleted(third.requestId(), List.of(), List.of(RECENT), List.of(),
                clock.millis()))).containsExactly(RECENT);
        assertThat(deletedAt(RECENT)).isPresent();
        assertThat(await(store.auditLog(10)).get(0).detail().orElseThrow()).contains("not on the gateway");
        assertThat(meters.counter("cti.recordings.retention", "result", "deleted").count()).isEqualTo(1);
        assertThat(meters.counter("cti.recordings.retention", "result", "failed").count()).isEqualTo(1);
        assertThat(meters.counter("cti.recordings.retention", "result", "not_found").count()).isEqualTo(2);
        assertThat(await(job.runOnce())).isZero();
    }
}
