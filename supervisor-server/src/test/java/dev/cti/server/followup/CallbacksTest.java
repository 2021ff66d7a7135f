package dev.cti.server.followup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.FollowUpConfig;
import dev.cti.config.StorageConfig;
import dev.cti.server.metrics.ServerMeters;
import dev.cti.server.store.FollowUpStore;
import dev.cti.server.store.FollowUpStore.Callback;
import dev.cti.server.store.FollowUpStore.Status;
import dev.cti.server.store.Store;
import dev.cti.server.testing.HandClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The callback scheduler against a hand-moved clock and hand-set agents (no real waiting): a callback is dialled at
 * its time for the agent who booked it, for a READY agent of its queue when that agent is not ready, retried after
 * an unanswered attempt and failed when the retries are used up; it is overdue only after the configured minutes.
 */
class CallbacksTest {
    static final Instant T = Instant.parse("2026-12-07T02:00:00Z");
    static final FollowUpConfig CONFIG = new FollowUpConfig(30, 1, 20, 15, 24, 2, List.of("general"));

    @TempDir
    Path dir;
    Vertx vertx;
    Store store;
    HandClock clock;
    FakeSeats seats;
    SimpleMeterRegistry meters;
    Callbacks callbacks;

    @BeforeEach
    void open() {
        vertx = Vertx.vertx();
        clock = new HandClock(T);
        store = Store.open(new StorageConfig(dir.resolve("data").toString(), Optional.empty(), Optional.empty(),
                Optional.empty()), vertx, new SimpleMeterRegistry(), clock);
        seats = new FakeSeats();
        meters = new SimpleMeterRegistry();
        callbacks = new Callbacks(CONFIG, new FollowUpStore(store), seats, clock, meters);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        await(vertx.close());
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private Callback book(Duration in) throws Exception {
        return await(callbacks.book("a1", "c-1", Optional.of("service"), "13912345678", T.plus(in)));
    }

    private double counted(String event) {
        return ServerMeters.FOLLOW_UP_CALLBACKS.counter(meters, event).count();
    }

    @Test
    void a_callback_fires_at_its_time_to_the_agent_who_booked_it_and_is_done_when_answered() throws Exception {
        seats.ready.addAll(List.of("a1", "a2"));
        seats.queues.put("service", List.of("a2", "a1"));
        List<Callback> offered = new java.util.ArrayList<>();
        callbacks.onOffered(offered::add);
        Callback c = book(Duration.ofHours(2));

        clock.advance(Duration.ofHours(2).minusSeconds(1));
        await(callbacks.tick());
        assertThat(seats.dials).as("a second early").isEmpty();

        clock.advance(Duration.ofSeconds(1));
        await(callbacks.tick());
        assertThat(seats.dials).containsExactly(new FakeSeats.Dialled("a1", "13912345678", "dial-1"));
        assertThat(offered).extracting(Callback::id, Callback::dialledBy).containsExactly(
                org.assertj.core.groups.Tuple.tuple(c.id(), Optional.of("a1")));
        await(callbacks.tick());
        assertThat(seats.dials).as("offered once").hasSize(1);

        assertThat(await(callbacks.dialEnded("dial-other", true))).isFalse();
        assertThat(await(callbacks.dialEnded("dial-1", true))).isTrue();
        assertThat(callbacks.openNow()).isEmpty();
        Callback stored = await(new FollowUpStore(store).recentCallbacks(1)).get(0);
        assertThat(stored.status()).isEqualTo(Status.DONE);
        assertThat(stored.finishedAt()).contains(T.plus(Duration.ofHours(2)));
        assertThat(counted("scheduled")).isEqualTo(1);
        assertThat(counted("done")).isEqualTo(1);
    }

    @Test
    void it_goes_to_a_ready_agent_of_the_queue_when_the_booking_agent_is_logged_out() throws Exception {
        seats.ready.add("a3");
        seats.queues.put("service", List.of("a2", "a3"));
        book(Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(31));
        await(callbacks.tick());
        assertThat(seats.dials).extracting(FakeSeats.Dialled::agentId).containsExactly("a3");
        assertThat(callbacks.openNow().get(0).dialledBy()).contains("a3");
        assertThat(callbacks.openNow().get(0).agentId()).as("still the booking agent's").isEqualTo("a1");
    }

    @Test
    void nobody_free_it_waits_and_is_flagged_overdue_after_the_configured_minutes() throws Exception {
        Callback c = book(Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(10 + 15));
        await(callbacks.tick());
        assertThat(seats.dials).isEmpty();
        assertThat(callbacks.overdue()).as("exactly 15 minutes late is not yet overdue").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(callbacks.overdue()).extracting(Callback::id).containsExactly(c.id());
        assertThat(meters.get("cti.followup.callbacks.overdue").gauge().value()).isEqualTo(1.0);

        seats.ready.add("a1");
        await(callbacks.tick());
        assertThat(seats.dials).extracting(FakeSeats.Dialled::agentId).containsExactly("a1");
    }

    @Test
    void an_unanswered_callback_is_retried_after_the_spacing_then_failed() throws Exception {
        seats.ready.add("a1");
        book(Duration.ofMinutes(5));
        clock.advance(Duration.ofMinutes(5));
        await(callbacks.tick());
        assertThat(await(callbacks.dialEnded("dial-1", false))).isTrue();
        Callback retry = callbacks.openNow().get(0);
        assertThat(retry.status()).isEqualTo(Status.PENDING);
        assertThat(retry.nextAt()).isEqualTo(T.plus(Duration.ofMinutes(5 + 20)));

        seats.ready.add("a1");
        clock.advance(Duration.ofMinutes(19));
        await(callbacks.tick());
        assertThat(seats.dials).as("not before the spacing").hasSize(1);
        clock.advance(Duration.ofMinutes(1));
        await(callbacks.tick());
        assertThat(seats.dials).extracting(FakeSeats.Dialled::requestId).containsExactly("dial-1", "dial-2");

        assertThat(await(callbacks.dialEnded("dial-2", false))).isTrue();
        assertThat(callbacks.openNow()).as("one retry configured: failed").isEmpty();
        Callback stored = await(new FollowUpStore(store).recentCallbacks(1)).get(0);
        assertThat(stored.status()).isEqualTo(Status.FAILED);
        assertThat(stored.attempts()).isEqualTo(2);
        assertThat(counted("failed")).isEqualTo(1);
    }

    @Test
    void open_callbacks_are_read_back_after_a_restart_and_offered_again() throws Exception {
        seats.ready.add("a1");
        book(Duration.ofMinutes(5));
        clock.advance(Duration.ofMinutes(5));
        await(callbacks.tick());

        Callbacks restarted = new Callbacks(CONFIG, new FollowUpStore(store), seats, clock, new SimpleMeterRegistry());
        await(restarted.start());
        assertThat(restarted.openNow()).singleElement().extracting(Callback::status).isEqualTo(Status.PENDING);
        seats.ready.add("a1");
        await(restarted.tick());
        assertThat(seats.dials).hasSize(2);
    }

    @Test
    void a_callback_asked_for_in_a_queue_waits_for_the_queue_then_retries_and_fails_in_its_own_figures()
            throws Exception {
        seats.ready.addAll(List.of("a1", "a2"));
        seats.queues.put("service", List.of("a2"));
        long id = await(callbacks.requestedInQueue("c-9", "service", "13912345678", T.minusSeconds(90)));
        clock.advance(Duration.ofHours(1));
        await(callbacks.tick());
        assertThat(seats.dials).as("the queue says when, not the scheduler").isEmpty();
        assertThat(callbacks.overdue()).as("waiting in its place is not overdue").isEmpty();
        assertThat(callbacks.openNow()).extracting(Callback::status, Callback::agentId, Callback::dueAt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Status.QUEUED, Callbacks.QUEUE_CALLER,
                        T.minusSeconds(90)));

        assertThat(await(callbacks.offerQueued(id, "x9"))).as("an agent that is not READY").isFalse();
        assertThat(await(callbacks.offerQueued(id, "a1"))).isTrue();
        assertThat(await(callbacks.offerQueued(id, "a2"))).as("dialled already").isFalse();
        assertThat(seats.dials).containsExactly(new FakeSeats.Dialled("a1", "13912345678", "dial-1"));

        await(callbacks.dialEnded("dial-1", false)); // no answer: retried after the spacing, by the queue's agents
        clock.advance(Duration.ofMinutes(CONFIG.callbackRetryMinutes()));
        await(callbacks.tick());
        assertThat(seats.dials).extracting(FakeSeats.Dialled::agentId).containsExactly("a1", "a2");
        await(callbacks.dialEnded("dial-2", false));
        assertThat(callbacks.openNow()).isEmpty();
        assertThat(await(new FollowUpStore(store).recentCallbacks(1)).get(0).status()).isEqualTo(Status.FAILED);
        assertThat(ServerMeters.QUEUE_CALLBACKS.counter(meters, "service", "requested").count()).isEqualTo(1);
        assertThat(ServerMeters.QUEUE_CALLBACKS.counter(meters, "service", "failed").count()).isEqualTo(1);
        assertThat(ServerMeters.QUEUE_CALLBACKS.counter(meters, "service", "completed").count()).isZero();
        assertThat(counted("failed")).as("not a scheduled callback's figure").isZero();
    }
}
