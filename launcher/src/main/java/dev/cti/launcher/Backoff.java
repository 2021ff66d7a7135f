package dev.cti.launcher;

import java.time.Duration;

/**
 * Restart delays of one component: {@code min}, doubled after each exit up to {@code max}; back to {@code min} when the
 * process had run at least {@code stableAfter} (a crash after an hour is not a crash loop).
 */
final class Backoff {
    private final Duration min;
    private final Duration max;
    private final Duration stableAfter;
    private Duration next;

    Backoff(Duration min, Duration max, Duration stableAfter) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 < min <= max");
        }
        this.min = min;
        this.max = max;
        this.stableAfter = stableAfter;
        this.next = min;
    }

    /** The delay before restarting a process that ran for {@code ranFor}. */
    Duration after(Duration ranFor) {
        if (ranFor.compareTo(stableAfter) >= 0) {
            next = min;
        }
        Duration delay = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return delay;
    }
}
