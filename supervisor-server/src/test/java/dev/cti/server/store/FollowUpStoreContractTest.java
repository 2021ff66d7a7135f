package dev.cti.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.server.store.FollowUpStore.Callback;
import dev.cti.server.store.FollowUpStore.Complaint;
import dev.cti.server.store.FollowUpStore.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scheduled callbacks and complaint follow-ups ({@code callbacks}, {@code complaint_follow_ups}, migration V8, issue
 * 17), run unchanged on every backend ({@link H2FollowUpStoreTest}, {@link PostgresFollowUpStoreTest}).
 */
abstract class FollowUpStoreContractTest extends StoreContractBase {
    static final Instant T = Instant.parse("2026-12-07T08:00:00Z");

    FollowUpStore rows;

    FollowUpStoreContractTest() {
        super(T);
    }

    @BeforeEach
    void openView() {
        rows = new FollowUpStore(store);
    }

    private static Callback booked(String callId, Instant due) {
        return new Callback(0, callId, "a1", Optional.of("service"), "13912345678", due, Status.PENDING, 0, due,
                Optional.empty(), Optional.empty(), T, Optional.empty());
    }

    @Test
    void a_callback_is_stored_moves_through_its_attempts_and_leaves_the_open_list_when_over() throws Exception {
        Callback later = await(rows.insert(booked("c-2", T.plus(Duration.ofHours(3)))));
        Callback sooner = await(rows.insert(booked("c-1", T.plus(Duration.ofHours(1)))));
        assertThat(later.id()).isNotEqualTo(sooner.id());
        assertThat(await(rows.openCallbacks())).containsExactly(sooner, later);

        Callback dialling = sooner.dialling("a2", "dial-1");
        await(rows.update(dialling));
        Callback retry = dialling.retryAt(T.plus(Duration.ofMinutes(90)));
        await(rows.update(retry));
        assertThat(await(rows.openCallbacks())).containsExactly(retry, later);
        assertThat(retry.attempts()).isEqualTo(1);
        assertThat(retry.dialledBy()).contains("a2");

        Callback done = retry.dialling("a1", "dial-2").finished(Status.DONE, T.plus(Duration.ofHours(2)));
        await(rows.update(done));
        assertThat(await(rows.openCallbacks())).containsExactly(later);
        assertThat(await(rows.recentCallbacks(10))).containsExactly(later, done);
        assertThat(await(rows.recentCallbacks(1))).containsExactly(later);
    }

    @Test
    void a_callback_asked_for_in_a_queue_keeps_its_place_and_counts_in_the_day_figures() throws Exception {
        Instant arrived = T.minusSeconds(90);
        Callback queued = await(rows.insert(new Callback(0, "c-q", "", Optional.of("service"), "13912345678", arrived,
                Status.QUEUED, 0, arrived, Optional.empty(), Optional.empty(), T, Optional.empty()),
                Optional.of(new FollowUpStore.Place(3, java.util.Map.of("mandarin", 2, "billing", 1)))));
        Callback other = await(rows.insert(new Callback(0, "c-r", "", Optional.of("service"), "13912345679", arrived,
                Status.QUEUED, 0, arrived, Optional.empty(), Optional.empty(), T, Optional.empty()),
                Optional.of(new FollowUpStore.Place(0, java.util.Map.of()))));
        Callback scheduled = await(rows.insert(booked("c-s", T.plus(Duration.ofHours(1)))));
        assertThat(await(rows.openCallbacks())).as("read back QUEUED").contains(queued, other);
        FollowUpStore.Place place = await(rows.place(queued.id())).orElseThrow();
        assertThat(place.priority()).isEqualTo(3);
        assertThat(place.skills()).isEqualTo(java.util.Map.of("mandarin", 2, "billing", 1));
        assertThat(await(rows.place(other.id()))).contains(new FollowUpStore.Place(0, java.util.Map.of()));
        assertThat(await(rows.place(scheduled.id()))).as("a scheduled callback has none").isEmpty();

        await(rows.update(queued.dialling("a1", "dial-1").finished(Status.DONE, T.plusSeconds(30))));
        await(rows.update(other.dialling("a1", "dial-2").finished(Status.FAILED, T.plusSeconds(60))));
        await(rows.update(scheduled.dialling("a1", "dial-3").finished(Status.DONE, T.plusSeconds(90))));
        var today = await(rows.queuedCounts(T.minus(Duration.ofHours(1)), T.plus(Duration.ofHours(1))));
        assertThat(today).containsOnlyKeys("service");
        assertThat(today.get("service")).as("scheduled callbacks are not counted")
                .isEqualTo(new FollowUpStore.QueuedCounts(2, 1, 1, 120_000));
        var later = await(rows.queuedCounts(T.plusSeconds(45), T.plus(Duration.ofHours(1))));
        assertThat(later.get("service")).as("ended in the range, asked for before it")
                .isEqualTo(new FollowUpStore.QueuedCounts(0, 0, 1, 0));
    }

    @Test
    void a_complaint_follow_up_is_closed_once_with_its_note() throws Exception {
        Complaint c = await(rows.insert(new Complaint(0, "c-9", "a1", Optional.empty(), "serious", T,
                T.plus(Duration.ofHours(24)), Optional.empty(), Optional.empty(), Optional.empty())));
        assertThat(await(rows.openComplaints())).containsExactly(c);
        assertThat(await(rows.complaint(c.id()))).contains(c);

        assertThat(await(rows.close(c.id(), "sam", "called the customer, refund agreed", T.plusSeconds(60))))
                .isTrue();
        assertThat(await(rows.close(c.id(), "sam", "again", T.plusSeconds(90)))).as("closed once").isFalse();
        assertThat(await(rows.close(c.id() + 100, "sam", "none", T))).isFalse();
        assertThat(await(rows.openComplaints())).isEmpty();
        Complaint closed = await(rows.complaint(c.id())).orElseThrow();
        assertThat(closed.closedAt()).contains(T.plusSeconds(60));
        assertThat(closed.closedBy()).contains("sam");
        assertThat(closed.note()).contains("called the customer, refund agreed");
        assertThat(await(rows.recentComplaints(5))).containsExactly(closed);
    }
}
