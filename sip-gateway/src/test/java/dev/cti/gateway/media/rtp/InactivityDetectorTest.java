package dev.cti.gateway.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InactivityDetectorTest {

    private static final long S = 1_000_000_000L;
    private final InactivityDetector detector = new InactivityDetector(Duration.ofSeconds(30));

    @Test
    void reportsOnceAfterTheTimeoutAndAgainOnlyAfterNewActivity() {
        detector.arm(0);
        assertThat(detector.check(29 * S)).isEmpty();
        assertThat(detector.check(31 * S)).contains(Duration.ofSeconds(31));
        assertThat(detector.check(60 * S)).isEmpty();
        detector.onActivity(61 * S);
        assertThat(detector.check(90 * S)).isEmpty();
        assertThat(detector.check(92 * S)).contains(Duration.ofSeconds(31));
    }

    @Test
    void silentWhileDisarmed() {
        assertThat(detector.check(100 * S)).isEmpty();
        detector.arm(0);
        detector.disarm();
        assertThat(detector.check(100 * S)).isEmpty();
        detector.arm(100 * S);
        assertThat(detector.check(129 * S)).isEmpty();
        assertThat(detector.check(130 * S)).isPresent();
    }
}
