package dev.cti.gateway.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RtpTimestampTest {

    private static final long MAX = 0xFFFFFFFFL;

    @Test
    void plusWrapsAt2To32() {
        assertThat(new RtpTimestamp(MAX).plus(1)).isEqualTo(new RtpTimestamp(0));
        assertThat(new RtpTimestamp(MAX - 79).plus(160).value()).isEqualTo(80);
    }

    @Test
    void minusWrapsBelowZero() {
        assertThat(new RtpTimestamp(0).minus(160).value()).isEqualTo(MAX - 159);
    }

    @Test
    void distanceAndOrderAcrossTheWrap() {
        assertThat(new RtpTimestamp(80).minus(new RtpTimestamp(MAX - 79))).isEqualTo(160);
        assertThat(new RtpTimestamp(MAX - 79).minus(new RtpTimestamp(80))).isEqualTo(-160);
        assertThat(new RtpTimestamp(0).compareTo(new RtpTimestamp(MAX))).isPositive();
        assertThat(new RtpTimestamp(MAX).isAfter(new RtpTimestamp(0))).isFalse();
        assertThat(new RtpTimestamp(1_000).compareTo(new RtpTimestamp(1_000))).isZero();
    }

    @Test
    void rejectsValuesOutside32Bits() {
        assertThatThrownBy(() -> new RtpTimestamp(MAX + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtpTimestamp(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(RtpTimestamp.of(-1).value()).isEqualTo(MAX);
    }
}
