package dev.cti.server.call;

import dev.cti.server.store.QueueVisit;
import dev.cti.server.store.QueueVisitStore;
import dev.cti.server.store.StoreAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Writes a live call's visit to its current queue ({@link QueueVisit}) at each step: entry, answer, leaving (abandon,
 * time-out, overflow) and the end of the agent's part. The interval job computes the queue figures from these rows.
 * Runs on the call center's context; the writes go to the store's writer in order, awaited, retried and alerted when
 * lost like the CDR's steps ({@link StoreAlerts}, kind {@code queue_visit}).
 */
final class VisitRecorder {
    private final QueueVisitStore visits;
    private final StoreAlerts alerts;

    VisitRecorder(QueueVisitStore visits, StoreAlerts alerts) {
        this.visits = visits;
        this.alerts = alerts;
    }

    /** The call entered its queue (a new call, or one that overflowed into it). */
    void entered(LiveCall c) {
        record(visit(c, QueueVisit.Outcome.WAITING, Optional.empty(), Optional.empty()));
    }

    /** An agent answered. */
    void answered(LiveCall c) {
        record(visit(c, QueueVisit.Outcome.ANSWERED, Optional.of(c.answeredAt), Optional.empty()));
    }

    /** The answered call's agent part ended at {@code at} with this talk and hold. */
    void ended(LiveCall c, Instant at, Duration talk, Duration hold) {
        QueueVisit v = visit(c, QueueVisit.Outcome.ANSWERED, Optional.of(c.answeredAt), Optional.empty());
        record(new QueueVisit(v.callId(), v.visitNo(), v.queueId(), v.callerNumber(), v.arrivedAt(), v.enteredAt(),
                v.outcome(), v.leftAt(), v.waitMillis(), v.agentId(), v.answeredAt(), v.ringMillis(), v.rings(),
                Optional.of(at), Optional.of(talk.toMillis()), Optional.of(hold.toMillis()), Optional.empty()));
    }

    /** The call left the queue unanswered at {@code at}: abandoned, timed out, failed, or overflowed to {@code to}. */
    void left(LiveCall c, QueueVisit.Outcome outcome, Instant at, Optional<String> to) {
        record(visit(c, outcome, Optional.of(at), to));
    }

    private static QueueVisit visit(LiveCall c, QueueVisit.Outcome outcome, Optional<Instant> leftAt,
                                    Optional<String> to) {
        boolean answered = outcome == QueueVisit.Outcome.ANSWERED;
        Optional<Long> wait = leftAt.map(t -> Math.max(0, Duration.between(c.arrivedAt, t).toMillis()));
        return new QueueVisit(c.callId, c.visitNo, c.queueId, Optional.ofNullable(c.callerNumber), c.arrivedAt,
                c.enteredAt, outcome, leftAt, wait, answered ? c.agentId : Optional.empty(),
                answered ? Optional.of(c.answeredAt) : Optional.empty(),
                answered ? Optional.of(c.ringMillis) : Optional.empty(),
                answered ? Optional.of(c.ringCount) : Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), to);
    }

    private void record(QueueVisit v) {
        alerts.durably("queue_visit", v.callId(), () -> visits.record(v));
    }
}
