package dev.cti.gateway.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtpSequenceNumberTest {

    @Test
    void plusWrapsFrom65535ToZero() {
        assertThat(new RtpSequenceNumber(65535).plus(1)).isEqualTo(new RtpSequenceNumber(0));
        assertThat(new RtpSequenceNumber(65530).plus(10).value()).isEqualTo(4);
    }

    @Test
    void minusWrapsFromZeroTo65535() {
        assertThat(new RtpSequenceNumber(0).minus(1)).isEqualTo(new RtpSequenceNumber(65535));
    }

    @Test
    void distanceIsShortestWayRoundTheCircle() {
        assertThat(new RtpSequenceNumber(0).minus(new RtpSequenceNumber(65535))).isEqualTo(1);
        assertThat(new RtpSequenceNumber(65535).minus(new RtpSequenceNumber(0))).isEqualTo(-1);
        assertThat(new RtpSequenceNumber(5).minus(new RtpSequenceNumber(65530))).isEqualTo(11);
        assertThat(new RtpSequenceNumber(100).minus(new RtpSequenceNumber(40))).isEqualTo(60);
    }

    @Test
    void compareOrdersAcrossTheWrap() {
        List<RtpSequenceNumber> seqs = new ArrayList<>(List.of(
                new RtpSequenceNumber(1), new RtpSequenceNumber(65534), new RtpSequenceNumber(0), new RtpSequenceNumber(65535)));
        Collections.sort(seqs);
        assertThat(seqs).extracting(RtpSequenceNumber::value).containsExactly(65534, 65535, 0, 1);
        assertThat(new RtpSequenceNumber(0).isAfter(new RtpSequenceNumber(65535))).isTrue();
        assertThat(new RtpSequenceNumber(65535).isAfter(new RtpSequenceNumber(0))).isFalse();
    }

    @Test
    void ofReducesAnyIntAndConstructorRejectsOutOfRange() {
        assertThat(RtpSequenceNumber.of(65536).value()).isZero();
        assertThat(RtpSequenceNumber.of(-1).value()).isEqualTo(65535);
        assertThatThrownBy(() -> new RtpSequenceNumber(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtpSequenceNumber(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
