package dev.cti.server.store;

import dev.cti.privacy.PhoneMask;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A call detail record (table {@code calls}). Upserted by id as the call progresses; the numbers are
 * business data and stored in full, but {@link #toString()} masks them so a logged record leaks nothing.
 */
public record CallRecord(String id, Direction direction, Optional<String> queueId, Optional<String> callerNumber,
                         Optional<String> dialledNumber, Optional<String> agentId, Outcome outcome,
                         Duration waitTime, Duration ringTime, Duration talkTime, Duration holdTime,
                         Duration wrapUpTime, Optional<String> wrapUpCode, Optional<String> notes,
                         Instant startedAt, Optional<Instant> answeredAt, Optional<Instant> endedAt) {

    /** INTERNAL: a call between two seats (issue 18), no customer's: left out of the call KPIs (docs/METRICS.md). */
    public enum Direction { INBOUND, OUTBOUND, INTERNAL }

    /**
     * How the call ended (or IN_PROGRESS while it has not). LOST_ON_RESTART: the server restarted while the call was
     * in progress and the gateway no longer had it at the first snapshot after; its end time is when that was found.
     */
    public enum Outcome { IN_PROGRESS, ANSWERED, ABANDONED, OVERFLOWED, TIMED_OUT, FAILED, NO_ANSWER, LOST_ON_RESTART,
        /** The caller left a callback that keeps their place (issue 17): not answered, not abandoned. */
        CALLBACK,
        /**
         * The call ended in a voice menu (issue 17): the caller hung up there, or the menu's goodbye, message or
         * closed hours ended it. Never in a queue: no queue figure counts it (docs/METRICS.md).
         */
        ENDED_IN_MENU }

    @Override
    public String toString() {
        return "CallRecord[id=" + id + ", " + direction + ", queue=" + queueId.orElse("-") + ", caller="
                + callerNumber.map(PhoneMask::mask).orElse("-") + ", dialled="
                + dialledNumber.map(PhoneMask::mask).orElse("-") + ", agent=" + agentId.orElse("-") + ", "
                + outcome + "]";
    }
}
