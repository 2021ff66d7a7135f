package dev.cti.gateway.sip.guard;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-source-address request rate limit ({@code NetworkConfig.Sip.maxRequestsPerSecondPerSource}). A flood from
 * one address is dropped (never answered: answering amplifies it) and counted by the caller. The burst is twice
 * the rate so a phone's REGISTER + SUBSCRIBE + OPTIONS burst at boot passes. Buckets that refilled are evicted by
 * {@link #evictIdle()} (run it from the endpoint's scheduler) so spoofed sources cannot grow memory forever; the
 * number of tracked sources is also capped, beyond which new sources share one overflow bucket.
 */
public final class SourceRateLimiter {
    static final int MAX_TRACKED_SOURCES = 100_000;

    private final double ratePerSecond;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final TokenBucket overflow;

    public SourceRateLimiter(int ratePerSecond, LongSupplier nanoTime) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("maxRequestsPerSecondPerSource must be > 0, got " + ratePerSecond);
        }
        this.ratePerSecond = ratePerSecond;
        this.nanoTime = nanoTime;
        this.overflow = new TokenBucket(ratePerSecond * 10.0, ratePerSecond * 20.0, nanoTime.getAsLong());
    }

    /** True if a request from this source address may be processed now. */
    public boolean tryAcquire(String sourceAddress) {
        long now = nanoTime.getAsLong();
        TokenBucket bucket = buckets.get(sourceAddress);
        if (bucket == null) {
            if (buckets.size() >= MAX_TRACKED_SOURCES) {
                return overflow.tryTake(now);
            }
            bucket = buckets.computeIfAbsent(sourceAddress,
                    k -> new TokenBucket(ratePerSecond, Math.max(1, 2 * ratePerSecond), now));
        }
        return bucket.tryTake(now);
    }

    /** Forgets sources whose bucket is full again. */
    public void evictIdle() {
        long now = nanoTime.getAsLong();
        buckets.values().removeIf(b -> b.isFull(now));
    }

    int trackedSources() {
        return buckets.size();
    }
}
