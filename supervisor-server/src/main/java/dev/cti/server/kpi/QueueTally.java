package dev.cti.server.kpi;

import dev.cti.config.QueueConfig;
import java.time.Duration;

/**
 * The running totals of one queue over one period (a day on the wallboard), and the KPIs computed from
 * them exactly as docs/METRICS.md defines them. Mutable; used on one thread (the call center's context).
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

    /**
     * Service level (服务水平) by the queue's own definition: answered within the threshold, divided by
     * answered plus, when {@code abandonsInDenominator}, the abandons (without the short ones when
     * {@code excludeShortAbandons}). Empty when the denominator is 0.
     */
    public java.util.OptionalDouble serviceLevel(QueueConfig.ServiceLevel sl) {
        long denominator = answered;
        if (sl.abandonsInDenominator()) {
            denominator += abandonedLong + (sl.excludeShortAbandons() ? 0 : abandonedShort);
        }
        return ratio(answeredWithinThreshold, denominator);
    }

    /** Asterisk app_queue's ServicelevelPerf: answered within the threshold ÷ answered. */
    public java.util.OptionalDouble serviceLevelAsteriskPerf() {
        return ratio(answeredWithinThreshold, answered);
    }

    /** Asterisk's ServicelevelPerf2: (answered + abandoned within the threshold) ÷ (answered + abandoned). */
    public java.util.OptionalDouble serviceLevelAsteriskPerf2() {
        return ratio(answeredWithinThreshold + abandonedWithinThreshold, answered + abandonedCount());
    }

    /**
     * Amazon Connect's "Service level X": contacts removed from the queue (answered or abandoned) within X
     * ÷ contacts queued.
     */
    public java.util.OptionalDouble serviceLevelConnect() {
        return ratio(answeredWithinThreshold + abandonedWithinThreshold, offered);
    }

    /** Answer rate (接通率): answered ÷ offered. */
    public java.util.OptionalDouble answerRate() {
        return ratio(answered, offered);
    }

    /** Abandon rate: abandoned (short and long) ÷ offered. */
    public java.util.OptionalDouble abandonRate() {
        return ratio(abandonedCount(), offered);
    }

    /** Average ring count (平均振铃次数) of answered calls. */
    public java.util.OptionalDouble averageRings() {
        return ratio(ringsOfAnswered, answered);
    }

    /** Average queue time (平均排队时间), seconds: the wait of answered and abandoned calls ÷ their number. */
    public java.util.OptionalDouble averageQueueSeconds() {
        return ratio((waitMillisOfAnswered + waitMillisOfAbandoned) / 1000.0, answered + abandonedCount());
    }

    /** Average handle time (平均处理时间), seconds: (talk + hold + wrap-up) ÷ handled calls. */
    public java.util.OptionalDouble averageHandleSeconds() {
        return ratio((talkMillis + holdMillis + wrapUpMillis) / 1000.0, handled);
    }

    private static java.util.OptionalDouble ratio(double numerator, double denominator) {
        return denominator == 0 ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(numerator / denominator);
    }
}
