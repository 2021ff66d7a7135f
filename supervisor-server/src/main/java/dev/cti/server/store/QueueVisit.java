package dev.cti.server.store;

import dev.cti.privacy.PhoneMask;
import java.time.Instant;
import java.util.Optional;

/**
 * One visit of a call to a queue (table {@code queue_visits}, V5): a call that overflows visits two queues. Upserted by
 * ({@code callId}, {@code visitNo}) as the visit progresses: entry ({@link Outcome#WAITING}), answer, end. The queue
 * figures of docs/METRICS.md are computed from these rows by the interval job.
 *
 * @param arrivedAt  the call's arrival at the contact center (waits count from it, across overflows)
 * @param enteredAt  when the call entered this queue
 * @param leftAt     when it left the queue: answered, abandoned, overflowed, timed out
 * @param waitMillis arrival to the answer (ring time included) or to leaving the queue
 * @param endedAt    an answered visit: when the agent's part of the call ended
 * @param toQueue    an overflowed visit: the queue the call moved to
 */
public record QueueVisit(String callId, int visitNo, String queueId, Optional<String> callerNumber, Instant arrivedAt,
                         Instant enteredAt, Outcome outcome, Optional<Instant> leftAt, Optional<Long> waitMillis,
                         Optional<String> agentId, Optional<Instant> answeredAt, Optional<Long> ringMillis,
                         Optional<Integer> rings, Optional<Instant> endedAt, Optional<Long> talkMillis,
                         Optional<Long> holdMillis, Optional<String> toQueue) {

    /** Where the visit stands; WAITING until the call leaves the queue. */
    public enum Outcome { WAITING, ANSWERED, ABANDONED, OVERFLOWED, TIMED_OUT, FAILED, CALLBACK }

    @Override
    public String toString() {
        return "QueueVisit[" + callId + "#" + visitNo + ", queue=" + queueId + ", caller="
                + callerNumber.map(PhoneMask::mask).orElse("-") + ", " + outcome + "]";
    }
}
