package dev.cti.gateway.sip.guard;

/**
 * A token bucket: {@code ratePerSecond} tokens added continuously up to {@code burst}; each request takes one.
 * Time comes from the caller (nanoseconds) so tests need no clock tricks. Thread-safe.
 */
public final class TokenBucket {
    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long lastNanos;

    public TokenBucket(double ratePerSecond, double burst, long nowNanos) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1, got " + ratePerSecond + "/" + burst);
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Takes one token if there is one. */
    public synchronized boolean tryTake(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * ratePerNano);
            lastNanos = nowNanos;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** True once the bucket has refilled completely: it can be forgotten without changing behaviour. */
    public synchronized boolean isFull(long nowNanos) {
        return tokens + Math.max(0, nowNanos - lastNanos) * ratePerNano >= burst;
    }
}
