package dev.cti.gateway.sip.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Failed-REGISTER logging: a burst, then a trickle, and the next written line tells how many were left out. */
class RateLimitedLogTest {
    @Test
    void aFloodWritesTheBurstThenOneLinePerTenSecondsWithTheCountLeftOut() {
        AtomicLong now = new AtomicLong(0);
        RateLimitedLog log = new RateLimitedLog(10, 6, now::get);
        int written = 0;
        for (int i = 0; i < 1000; i++) {
            if (log.admit() >= 0) {
                written++;
            }
        }
        assertThat(written).as("a thousand failures at once").isEqualTo(10);
        now.addAndGet(10_000_000_000L); // 10 s: one more token at 6 a minute
        assertThat(log.admit()).as("the next line says 990 were left out").isEqualTo(990);
        assertThat(log.admit()).isEqualTo(-1);
    }
}
