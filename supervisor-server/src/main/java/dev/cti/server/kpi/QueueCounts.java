package dev.cti.server.kpi;

import dev.cti.config.QueueConfig;
import java.util.OptionalDouble;

/**
 * The counts of one queue over a period (a 15-minute interval row, a day, a month) and every queue KPI of
 * docs/METRICS.md computed from them, once, for the wallboard, the API, the reports and the gauges. Immutable; periods
 * add with {@link #plus}. A ratio with a zero denominator is empty ("no data"), never 0.
 *
 * @param answeredWithin   answered with wait ≤ the queue's threshold
 * @param abandonedWithin  abandoned with wait ≤ the threshold
 * @param overflowed       calls that left this queue for its overflow queue
 * @param transfers        transfers (to a queue or a number) made on the queue's answered calls
 * @param longestWaitMillis the longest wait of a call that entered in the period (answered or not)
 * @param rings            rings before the answer, summed over answered calls
 * @param ringTargetMet    answered within compliance.ringTargetRings
 * @param handled          answered calls whose wrap-up has ended
 * @param complaints       handled calls with a wrap-up code of category complaint
 */
public record QueueCounts(long offered, long answered, long answeredWithin, long abandonedShort, long abandonedLong,
                          long abandonedWithin, long overflowed, long timedOut, long transfers, long waitAnsweredMillis,
                          long waitAbandonedMillis, long longestWaitMillis, long rings, long ringTargetMet, long handled,
                          long talkMillis, long holdMillis, long wrapUpMillis, long complaints) {

    public static final QueueCounts ZERO = new QueueCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public QueueCounts plus(QueueCounts o) {
        return new QueueCounts(offered + o.offered, answered + o.answered, answeredWithin + o.answeredWithin,
                abandonedShort + o.abandonedShort, abandonedLong + o.abandonedLong, abandonedWithin + o.abandonedWithin,
                overflowed + o.overflowed, timedOut + o.timedOut, transfers + o.transfers,
                waitAnsweredMillis + o.waitAnsweredMillis, waitAbandonedMillis + o.waitAbandonedMillis,
                Math.max(longestWaitMillis, o.longestWaitMillis), rings + o.rings, ringTargetMet + o.ringTargetMet,
                handled + o.handled, talkMillis + o.talkMillis, holdMillis + o.holdMillis, wrapUpMillis + o.wrapUpMillis,
                complaints + o.complaints);
    }

    public long abandoned() {
        return abandonedShort + abandonedLong;
    }

    /**
     * Service level (服务水平) by the queue's definition: answered within the threshold ÷ (answered + abandons when
     * {@code abandonsInDenominator}, less the short ones when {@code excludeShortAbandons}).
     */
    public OptionalDouble serviceLevel(QueueConfig.ServiceLevel sl) {
        long denominator = answered;
        if (sl.abandonsInDenominator()) {
            denominator += abandonedLong + (sl.excludeShortAbandons() ? 0 : abandonedShort);
        }
        return ratio(answeredWithin, denominator);
    }

    /** Asterisk app_queue's ServicelevelPerf: answered within the threshold ÷ answered. */
    public OptionalDouble serviceLevelAsteriskPerf() {
        return ratio(answeredWithin, answered);
    }

    /** Asterisk's ServicelevelPerf2: (answered + abandoned within the threshold) ÷ (answered + abandoned). */
    public OptionalDouble serviceLevelAsteriskPerf2() {
        return ratio(answeredWithin + abandonedWithin, answered + abandoned());
    }

    /** Amazon Connect's "Service level X": removed from the queue within X (answered or abandoned) ÷ queued. */
    public OptionalDouble serviceLevelConnect() {
        return ratio(answeredWithin + abandonedWithin, offered);
    }

    /** Answer rate (接通率): answered ÷ offered. */
    public OptionalDouble answerRate() {
        return ratio(answered, offered);
    }

    /** Abandon rate: abandoned ÷ offered. */
    public OptionalDouble abandonRate() {
        return ratio(abandoned(), offered);
    }

    /** Average ring count (平均振铃次数) of answered calls. */
    public OptionalDouble averageRings() {
        return ratio(rings, answered);
    }

    /** Share of answered calls answered within compliance.ringTargetRings (三声内接听). */
    public OptionalDouble ringTargetMetRate() {
        return ratio(ringTargetMet, answered);
    }

    /** Average queue time (平均排队时间), seconds: wait of answered and abandoned ÷ their number. */
    public OptionalDouble averageQueueSeconds() {
        return ratio((waitAnsweredMillis + waitAbandonedMillis) / 1000.0, answered + abandoned());
    }

    /** Average speed of answer (ASA), seconds: wait of answered calls only ÷ answered. */
    public OptionalDouble averageSpeedOfAnswerSeconds() {
        return ratio(waitAnsweredMillis / 1000.0, answered);
    }

    /** Average handle time (平均处理时间), seconds: (talk + hold + after-call work) ÷ handled. */
    public OptionalDouble averageHandleSeconds() {
        return ratio((talkMillis + holdMillis + wrapUpMillis) / 1000.0, handled);
    }

    public OptionalDouble averageTalkSeconds() {
        return ratio(talkMillis / 1000.0, handled);
    }

    public OptionalDouble averageHoldSeconds() {
        return ratio(holdMillis / 1000.0, handled);
    }

    public OptionalDouble averageWrapUpSeconds() {
        return ratio(wrapUpMillis / 1000.0, handled);
    }

    /** Complaint rate (服务态度投诉率): handled calls wrapped up as a complaint ÷ handled. */
    public OptionalDouble complaintRate() {
        return ratio(complaints, handled);
    }

    static OptionalDouble ratio(double numerator, double denominator) {
        return denominator == 0 ? OptionalDouble.empty() : OptionalDouble.of(numerator / denominator);
    }
}
