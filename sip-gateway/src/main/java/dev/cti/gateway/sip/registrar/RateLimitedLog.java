package dev.cti.gateway.sip.registrar;

import dev.cti.gateway.sip.guard.TokenBucket;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Rate limit for a log line an attacker can trigger at will (a failed REGISTER): a burst of {@code burst} lines,
 * then {@code perMinute} a minute; the lines in between are counted and the next line written says how many were
 * left out. A password-guessing flood thus cannot fill the disk or drown the log. Thread-safe.
 */
final class RateLimitedLog {
    private final TokenBucket bucket;
    private final LongSupplier nanoTime;
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(int burst, int perMinute, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.bucket = new TokenBucket(perMinute / 60.0, burst, nanoTime.getAsLong());
    }

    /**
     * -1 when this line must not be written (it is counted), else how many lines were left out since the last one
     * written (0 usually).
     */
    long admit() {
        if (bucket.tryTake(nanoTime.getAsLong())) {
            return suppressed.getAndSet(0);
        }
        suppressed.incrementAndGet();
        return -1;
    }
}
