package dev.cti.gateway.sip.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void burstThenRefillAtTheRate() {
        TokenBucket bucket = new TokenBucket(10, 20, 0);
        int taken = 0;
        while (bucket.tryTake(0)) {
            taken++;
        }
        assertThat(taken).isEqualTo(20);
        assertThat(bucket.tryTake(SECOND / 10 - 1)).as("not yet one token").isFalse();
        assertThat(bucket.tryTake(SECOND / 10)).isTrue();
        assertThat(bucket.isFull(SECOND / 10 + 2 * SECOND)).isTrue();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new TokenBucket(0, 5, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void limiterIsPerSourceAndForgetsIdleSources() {
        AtomicLong now = new AtomicLong();
        SourceRateLimiter limiter = new SourceRateLimiter(5, now::get);
        int a = 0;
        for (int i = 0; i < 100; i++) {
            if (limiter.tryAcquire("10.0.0.1")) {
                a++;
            }
        }
        assertThat(a).as("burst of twice the rate").isEqualTo(10);
        assertThat(limiter.tryAcquire("10.0.0.2")).as("another source is not punished").isTrue();
        now.addAndGet(10 * SECOND);
        limiter.evictIdle();
        assertThat(limiter.trackedSources()).isZero();
        assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
    }
}
