package dev.cti.gateway.sip.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A flood from many spoofed source addresses (issue 13): it fills the table of tracked sources and drains the
 * shared overflow bucket, but the trunk and the registered phones keep buckets of their own and get through, even
 * the first time they are seen during the flood; an unknown newcomer shares the drained overflow.
 */
class SourceRateLimiterTest {
    private static final String TRUNK = "192.0.2.1";
    private static final String PHONE = "198.51.100.7";
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void trunksAndRegisteredPhonesStayOutOfTheOverflowBucketUnderASpoofedFlood() {
        Set<String> known = Set.of(TRUNK, PHONE);
        SourceRateLimiter limiter = new SourceRateLimiter(10, now::get, known::contains, 1000);
        int spoofed = 0;
        for (; spoofed < 1000; spoofed++) {
            assertThat(limiter.tryAcquire(spoofedAddress(spoofed))).isTrue(); // each within its own rate
        }
        assertThat(limiter.trackedSources()).isEqualTo(1000);
        int overflowPassed = 0;
        for (int i = 0; i < 10_000; i++, spoofed++) {
            if (limiter.tryAcquire(spoofedAddress(spoofed))) {
                overflowPassed++;
            }
        }
        assertThat(overflowPassed).as("the overflow bucket's burst (20 x rate), then nothing").isEqualTo(200);
        assertThat(limiter.tryAcquire("203.0.113.99")).as("an unknown newcomer shares the drained overflow").isFalse();

        for (int i = 0; i < 20; i++) {
            assertThat(limiter.tryAcquire(TRUNK)).as("the trunk's own burst, request " + i).isTrue();
            assertThat(limiter.tryAcquire(PHONE)).as("the phone's own burst, request " + i).isTrue();
        }
        assertThat(limiter.tryAcquire(TRUNK)).as("and its own limit still applies").isFalse();
        now.addAndGet(1_000_000_000L);
        assertThat(limiter.tryAcquire(TRUNK)).isTrue();
        assertThat(limiter.trackedSources()).isEqualTo(1002);
    }

    @Test
    void withoutKnownPeersEveryNewSourceSharesTheOverflowOnceTheTableIsFull() {
        SourceRateLimiter limiter = new SourceRateLimiter(10, now::get, s -> false, 10);
        for (int i = 0; i < 10; i++) {
            limiter.tryAcquire(spoofedAddress(i));
        }
        for (int i = 0; i < 200; i++) {
            limiter.tryAcquire(spoofedAddress(100 + i));
        }
        assertThat(limiter.tryAcquire(TRUNK)).as("an unknown trunk is starved: why known peers matter").isFalse();
    }

    private static String spoofedAddress(int i) {
        return "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
    }
}
