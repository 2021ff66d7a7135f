package dev.cti.server.kpi;

import dev.cti.server.store.FollowUpStore.QueuedCounts;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * Today's figures of the callbacks that keep their place, per queue (site.timeZone's day; issue 17): requested,
 * completed, failed and the average time to callback (docs/METRICS.md), for the wallboard's queue panels. Scheduled
 * callbacks (booked at wrap-up) are not counted here. Started from the store's callbacks of the day (a restart keeps
 * them), then counted as they happen; a new day starts from zero. Thread-safe.
 */
public final class CallbackTally {
    private final Clock clock;
    private final ZoneId zone;
    private final Map<String, QueuedCounts> today = new HashMap<>();
    private LocalDate day;

    public CallbackTally(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
        this.day = LocalDate.ofInstant(clock.instant(), zone);
    }

    /** Today's counts as stored (at start-up), added to what was counted meanwhile. */
    public synchronized void start(Map<String, QueuedCounts> stored) {
        roll();
        stored.forEach((queue, c) -> today.merge(queue, c, QueuedCounts::plus));
    }

    /** A waiting caller of {@code queueId} asked for a callback (it was stored). */
    public synchronized void requested(String queueId) {
        roll();
        today.merge(queueId, new QueuedCounts(1, 0, 0, 0), QueuedCounts::plus);
    }

    /** A callback of {@code queueId} is over: answered after {@code timeToCallback}, or failed. */
    public synchronized void finished(String queueId, boolean completed, Duration timeToCallback) {
        roll();
        today.merge(queueId, completed ? new QueuedCounts(0, 1, 0, timeToCallback.toMillis())
                : new QueuedCounts(0, 0, 1, 0), QueuedCounts::plus);
    }

    /** Today's counts of the queue. */
    public synchronized QueuedCounts counts(String queueId) {
        roll();
        return today.getOrDefault(queueId, QueuedCounts.ZERO);
    }

    private void roll() {
        LocalDate now = LocalDate.ofInstant(clock.instant(), zone);
        if (!now.equals(day)) {
            day = now;
            today.clear();
        }
    }
}
