package dev.cti.gateway.sip.guard;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Per-source-address request rate limit ({@code NetworkConfig.Sip.maxRequestsPerSecondPerSource}). A flood from
 * one address is dropped (never answered: answering amplifies it) and counted by the caller. The burst is twice
 * the rate so a phone's REGISTER + SUBSCRIBE + OPTIONS burst at boot passes. Buckets that refilled are evicted by
 * {@link #evictIdle()} (run it from the endpoint's scheduler) so spoofed sources cannot grow memory forever; the
 * number of tracked sources is also capped, beyond which new sources share one overflow bucket.
 *
 * <p>Known peers never share that bucket (issue 13): a source the {@code known} predicate accepts (a trunk's
 * address, a registered phone's) always gets a bucket of its own, cap or not, so a flood from many spoofed
 * addresses, which fills the table and drains the overflow bucket, throttles only itself and not the PBX or the
 * agents' phones. Known peers are few (the configuration's trunks, the registered phones), so they cannot grow the
 * table much.
 */
public final class SourceRateLimiter {
    static final int MAX_TRACKED_SOURCES = 100_000;

    private final double ratePerSecond;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final TokenBucket overflow;
    private final Predicate<String> known;
    private final int maxTracked;

    public SourceRateLimiter(int ratePerSecond, LongSupplier nanoTime) {
        this(ratePerSecond, nanoTime, source -> false);
    }

    /** @param known whether a source address is a trunk's or a registered phone's (thread-safe, quick) */
    public SourceRateLimiter(int ratePerSecond, LongSupplier nanoTime, Predicate<String> known) {
        this(ratePerSecond, nanoTime, known, MAX_TRACKED_SOURCES);
    }

    SourceRateLimiter(int ratePerSecond, LongSupplier nanoTime, Predicate<String> known, int maxTracked) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("maxRequestsPerSecondPerSource must be > 0, got " + ratePerSecond);
        }
        this.ratePerSecond = ratePerSecond;
        this.nanoTime = nanoTime;
        this.known = known;
        this.maxTracked = maxTracked;
        this.overflow = new TokenBucket(ratePerSecond * 10.0, ratePerSecond * 20.0, nanoTime.getAsLong());
    }

    /** True if a request from this source address may be processed now. */
    public boolean tryAcquire(String sourceAddress) {
        long now = nanoTime.getAsLong();
        TokenBucket bucket = buckets.get(sourceAddress);
        if (bucket == null) {
            if (buckets.size() >= maxTracked && !known.test(sourceAddress)) {
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
