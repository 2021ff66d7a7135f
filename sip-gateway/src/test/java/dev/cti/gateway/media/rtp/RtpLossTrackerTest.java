package dev.cti.gateway.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RtpLossTrackerTest {

    private final RtpLossTracker tracker = new RtpLossTracker();

    @Test
    void countsGapsIncludingAcrossTheWrap() {
        assertThat(tracker.onPacket(1, 65533)).isZero();
        assertThat(tracker.onPacket(1, 65534)).isZero();
        assertThat(tracker.onPacket(1, 1)).isEqualTo(2); // 65535 and 0 missing
        assertThat(tracker.onPacket(1, 5)).isEqualTo(3);
        assertThat(tracker.lost()).isEqualTo(5);
    }

    @Test
    void duplicatesAndLatePacketsCountNothing() {
        tracker.onPacket(1, 10);
        tracker.onPacket(1, 12);
        assertThat(tracker.onPacket(1, 11)).isZero();
        assertThat(tracker.onPacket(1, 12)).isZero();
        assertThat(tracker.lost()).isEqualTo(1);
    }

    @Test
    void newSsrcOrHugeJumpRestartsWithoutCounting() {
        tracker.onPacket(1, 10);
        assertThat(tracker.onPacket(2, 5000)).isZero();
        assertThat(tracker.onPacket(2, 5000 + RtpLossTracker.MAX_DROPOUT + 1)).isZero();
        assertThat(tracker.onPacket(2, 5000 + RtpLossTracker.MAX_DROPOUT + 3)).isEqualTo(1);
        assertThat(tracker.lost()).isEqualTo(1);
    }
}
