package dev.cti.protocol.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The header's bit layout and the telephone-event codes, against RFC 3550 §5.1 and RFC 4733 §3.2. */
class RtpValuesTest {

    @Test
    void headerBytesAreTheRfcLayout() {
        assertThat(RtpHeader.FIRST_BYTE).isEqualTo(0x80);
        assertThat(RtpHeader.version(RtpHeader.FIRST_BYTE)).isEqualTo(2);
        assertThat(RtpHeader.version((byte) 0xBF)).as("signed byte, P X and CC set").isEqualTo(2);
        assertThat(RtpHeader.version(0x40)).isEqualTo(1);
        assertThat(RtpHeader.secondByte(8, false)).isEqualTo(0x08);
        assertThat(RtpHeader.secondByte(101, true)).isEqualTo(0x80 | 101);
        assertThat(RtpHeader.secondByte(0xFF, false)).as("7 bits only").isEqualTo(0x7F);
        assertThat(0xBF & RtpHeader.CSRC_COUNT_MASK).isEqualTo(15);
        assertThat(0xBF & RtpHeader.EXTENSION_BIT).isNotZero();
        assertThat(0xBF & RtpHeader.PADDING_BIT).isNotZero();
    }

    @Test
    void rtcpPacketTypesOnTheRtpPortAreRecognised() {
        for (int pt = 0; pt < 128; pt++) {
            assertThat(RtpHeader.isRtcp(pt)).as("pt %d", pt).isEqualTo(pt + 128 >= 200 && pt + 128 <= 204);
        }
    }

    @Test
    void dtmfKeysMapBothWays() {
        String keys = "0123456789*#ABCD";
        for (int e = 0; e < keys.length(); e++) {
            assertThat(TelephoneEvents.digit(e)).isEqualTo(keys.charAt(e));
            assertThat(TelephoneEvents.event(keys.charAt(e))).isEqualTo(e);
            assertThat(TelephoneEvents.isDtmf(e)).isTrue();
        }
        assertThat(TelephoneEvents.digit(16)).as("flash").isEqualTo('?');
        assertThat(TelephoneEvents.isDtmf(16)).isFalse();
        assertThat(TelephoneEvents.event('x')).isEqualTo(-1);
        assertThat(TelephoneEvents.DEFAULT_PAYLOAD_TYPE).isEqualTo(101);
    }
}
