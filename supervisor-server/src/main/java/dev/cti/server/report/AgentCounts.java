package dev.cti.server.report;

import java.util.OptionalDouble;

/**
 * The counts of one agent over a period (an interval row, a day, a month) and the agent KPIs of docs/METRICS.md
 * computed from them. Times in milliseconds; a ratio with a zero denominator is empty ("no data"), never 0.
 *
 * @param loggedInMillis    time in any state but LOGGED_OUT
 * @param wrapUpStateMillis time in WRAP_UP (after-call work as a state)
 * @param answered          inbound queue calls the agent answered in the period
 * @param handled           calls (inbound and answered click-to-dial) whose wrap-up ended; talk, hold and wrapUp are theirs
 * @param outboundAttempts  click-to-dial calls started (外呼量)
 * @param outboundAnswered  of them, answered by the customer
 * @param outboundSuccesses of them, wrapped up with a code of category success (日成功量)
 * @param ronas             rings not answered in time
 * @param complaints        handled calls wrapped up with a code of category complaint
 */
public record AgentCounts(long loggedInMillis, long readyMillis, long notReadyMillis, long reservedMillis,
                          long onCallMillis, long dialingMillis, long wrapUpStateMillis, long answered, long handled,
                          long talkMillis, long holdMillis, long wrapUpMillis, long outboundAttempts,
                          long outboundAnswered, long outboundSuccesses, long outboundTalkMillis, long ronas,
                          long complaints) {

    public static final AgentCounts ZERO = new AgentCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public AgentCounts plus(AgentCounts o) {
        return new AgentCounts(loggedInMillis + o.loggedInMillis, readyMillis + o.readyMillis,
                notReadyMillis + o.notReadyMillis, reservedMillis + o.reservedMillis, onCallMillis + o.onCallMillis,
                dialingMillis + o.dialingMillis, wrapUpStateMillis + o.wrapUpStateMillis, answered + o.answered,
                handled + o.handled, talkMillis + o.talkMillis, holdMillis + o.holdMillis, wrapUpMillis + o.wrapUpMillis,
                outboundAttempts + o.outboundAttempts, outboundAnswered + o.outboundAnswered,
                outboundSuccesses + o.outboundSuccesses, outboundTalkMillis + o.outboundTalkMillis, ronas + o.ronas,
                complaints + o.complaints);
    }

    public boolean isZero() {
        return equals(ZERO);
    }

    /**
     * Whether this row differs from {@code before} at most by more time in the states (what an open interval's row of
     * an agent who stays in a state does between two runs): every count the same, no time less.
     */
    public boolean onlyTimeGrewFrom(AgentCounts before) {
        return loggedInMillis >= before.loggedInMillis && readyMillis >= before.readyMillis
                && notReadyMillis >= before.notReadyMillis && reservedMillis >= before.reservedMillis
                && onCallMillis >= before.onCallMillis && dialingMillis >= before.dialingMillis
                && wrapUpStateMillis >= before.wrapUpStateMillis && answered == before.answered
                && handled == before.handled && talkMillis == before.talkMillis && holdMillis == before.holdMillis
                && wrapUpMillis == before.wrapUpMillis && outboundAttempts == before.outboundAttempts
                && outboundAnswered == before.outboundAnswered && outboundSuccesses == before.outboundSuccesses
                && outboundTalkMillis == before.outboundTalkMillis && ronas == before.ronas
                && complaints == before.complaints;
    }

    /** Time on call work: RESERVED (ringing), ON_CALL, WRAP_UP, DIALING. */
    public long busyMillis() {
        return reservedMillis + onCallMillis + wrapUpStateMillis + dialingMillis;
    }

    /** Agent occupancy (CSR占有率): call work ÷ (call work + READY). */
    public OptionalDouble occupancy() {
        return ratio(busyMillis(), busyMillis() + readyMillis);
    }

    /** Average handle time of the agent's handled calls, seconds. */
    public OptionalDouble averageHandleSeconds() {
        return ratio((talkMillis + holdMillis + wrapUpMillis) / 1000.0, handled);
    }

    /** Conversion rate (订单转化率): successful click-to-dial calls ÷ all click-to-dial calls. */
    public OptionalDouble conversionRate() {
        return ratio(outboundSuccesses, outboundAttempts);
    }

    /** Outbound efficiency (外呼效率): click-to-dial calls the customer answered ÷ logged-in hours. */
    public OptionalDouble outboundPerLoggedInHour() {
        return ratio(outboundAnswered, loggedInMillis / 3_600_000.0);
    }

    static OptionalDouble ratio(double numerator, double denominator) {
        return denominator == 0 ? OptionalDouble.empty() : OptionalDouble.of(numerator / denominator);
    }
}
