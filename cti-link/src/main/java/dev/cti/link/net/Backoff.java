package dev.cti.link.net;

import java.time.Duration;

/** Exponential reconnect delay: min, 2×min, 4×min ... capped at max; back to min after a good connection. */
final class Backoff {

    private final long minMillis;
    private final long maxMillis;
    private long nextMillis;

    Backoff(Duration min, Duration max) {
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
        this.nextMillis = minMillis;
    }

    long next() {
        long delay = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        return delay;
    }

    void reset() {
        nextMillis = minMillis;
    }
}
