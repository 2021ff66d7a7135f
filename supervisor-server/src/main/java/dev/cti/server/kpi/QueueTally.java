package dev.cti.server.kpi;

import dev.cti.config.QueueConfig;
import java.time.Duration;

/**
 * The running totals of one queue kept from the call center's events (the Prometheus meters' side, and the unit tests
 * of the formulas); the KPIs are {@link QueueCounts}'. The figures screens show come from the interval rows
 * ({@code dev.cti.server.report}). Mutable; used on one thread (the call center's context).
 */
public final class QueueTally {
    long offered;
    long answered;
    long answeredWithinThreshold;
    long abandonedShort;
    long abandonedLong;
    long abandonedWithinThreshold;
    long overflowedOut;
    long timedOut;
    long ringsOfAnswered;
    long waitMillisOfAnswered;
    long waitMillisOfAbandoned;
    long handled;
    long talkMillis;
    long holdMillis;
    long wrapUpMillis;

    /** A call entered the queue (new, or overflowed in from another queue). */
    public void offered() {
        offered++;
    }

    /**
     * An agent answered. {@code waitMillis} is arrival to answer (ring time included: the caller waits
     * through it too).
     */
    public void answered(long waitMillis, int rings, QueueConfig.ServiceLevel sl) {
        answered++;
        waitMillisOfAnswered += waitMillis;
        ringsOfAnswered += rings;
        if (waitMillis <= sl.thresholdSeconds() * 1000L) {
            answeredWithinThreshold++;
        }
    }

    /** The caller hung up before an answer after waiting {@code waitMillis}. */
    public void abandoned(long waitMillis, QueueConfig.ServiceLevel sl) {
        waitMillisOfAbandoned += waitMillis;
        if (waitMillis <= sl.shortAbandonSeconds() * 1000L) {
            abandonedShort++;
        } else {
            abandonedLong++;
        }
        if (waitMillis <= sl.thresholdSeconds() * 1000L) {
            abandonedWithinThreshold++;
        }
    }

    public void overflowedOut() {
        overflowedOut++;
    }

    public void timedOut() {
        timedOut++;
    }

    /** A handled call's work is complete (after wrap-up). */
    public void handled(Duration talk, Duration hold, Duration wrapUp) {
        handled++;
        talkMillis += talk.toMillis();
        holdMillis += hold.toMillis();
        wrapUpMillis += wrapUp.toMillis();
    }

    public long offeredCount() {
        return offered;
    }

    public long answeredCount() {
        return answered;
    }

    public long abandonedCount() {
        return abandonedShort + abandonedLong;
    }

    /** These totals as counts (the KPIs are computed there, once). */
    public QueueCounts counts() {
        return new QueueCounts(offered, answered, answeredWithinThreshold, abandonedShort, abandonedLong,
                abandonedWithinThreshold, overflowedOut, timedOut, 0, waitMillisOfAnswered, waitMillisOfAbandoned, 0,
                ringsOfAnswered, 0, handled, talkMillis, holdMillis, wrapUpMillis, 0);
    }

    public java.util.OptionalDouble serviceLevel(QueueConfig.ServiceLevel sl) {
        return counts().serviceLevel(sl);
    }

    public java.util.OptionalDouble serviceLevelAsteriskPerf() {
        return counts().serviceLevelAsteriskPerf();
    }

    public java.util.OptionalDouble serviceLevelAsteriskPerf2() {
        return counts().serviceLevelAsteriskPerf2();
    }

    public java.util.OptionalDouble serviceLevelConnect() {
        return counts().serviceLevelConnect();
    }

    public java.util.OptionalDouble answerRate() {
        return counts().answerRate();
    }

    public java.util.OptionalDouble abandonRate() {
        return counts().abandonRate();
    }

    public java.util.OptionalDouble averageRings() {
        return counts().averageRings();
    }

    public java.util.OptionalDouble averageQueueSeconds() {
        return counts().averageQueueSeconds();
    }

    public java.util.OptionalDouble averageHandleSeconds() {
        return counts().averageHandleSeconds();
    }
}
