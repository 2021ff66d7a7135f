package dev.cti.server.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A token bucket per user: {@code perMinute} requests, refilled evenly over the minute. A request over it gets the
 * time until the next one is allowed ({@code Retry-After}), and whether it is the first refusal since the user's last
 * allowed request (the one worth an audit row; the rest are counted). Users are the configured ones, so the map is
 * bounded. Used on one verticle's event loop; synchronized all the same (the HTTP and HTTPS servers share it).
 */
final class PerUserRateLimit {
    private final int perMinute;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new HashMap<>();

    /** A refusal: when to come back, and whether it is the first since the last allowed request. */
    record Refusal(Duration retryAfter, boolean first) {}

    PerUserRateLimit(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Empty when allowed (a token is taken), else the refusal. */
    synchronized Optional<Refusal> take(String user) {
        Instant now = clock.instant();
        Bucket b = buckets.computeIfAbsent(user, u -> new Bucket(perMinute, now));
        double perNano = perMinute / 60e9;
        b.tokens = Math.min(perMinute, b.tokens + Duration.between(b.at, now).toNanos() * perNano);
        b.at = now;
        if (b.tokens >= 1) {
            b.tokens -= 1;
            b.refused = false;
            return Optional.empty();
        }
        boolean first = !b.refused;
        b.refused = true;
        long waitNanos = (long) Math.ceil((1 - b.tokens) / perNano);
        return Optional.of(new Refusal(Duration.ofNanos(waitNanos), first));
    }

    private static final class Bucket {
        double tokens;
        Instant at;
        boolean refused;

        Bucket(double tokens, Instant at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
