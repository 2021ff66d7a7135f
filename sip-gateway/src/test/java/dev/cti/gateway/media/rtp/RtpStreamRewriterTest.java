package dev.cti.gateway.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RtpStreamRewriterTest {

    private final AtomicLong now = new AtomicLong();
    private final RtpStreamRewriter stream = new RtpStreamRewriter(0x1234_5678L, 65534, 0xFFFF_FF00L, now::get);
    private final Object agent = new Object();
    private final Object music = new Object();

    private RtpPacket send(Object source, int seq, long ts, long ssrc) {
        RtpPacket p = RtpTestPackets.packet(0, seq, ts, ssrc, new byte[160]);
        stream.rewrite(source, p);
        now.addAndGet(20_000_000);
        return p;
    }

    @Test
    void keepsOneSsrcAndContinuousNumbersAcrossSourceSwitchesAndWraps() {
        RtpPacket first = send(agent, 100, 5000, 0xAAAA);
        assertThat(first.ssrc()).isEqualTo(0x1234_5678L);
        assertThat(first.sequenceNumber()).isEqualTo(65534);
        assertThat(first.timestamp()).isEqualTo(0xFFFF_FF00L);
        assertThat(first.marker()).isTrue();
        // the buffer itself is rewritten
        assertThat(first.content().getUnsignedShort(2)).isEqualTo(65534);
        assertThat(first.content().getUnsignedInt(8)).isEqualTo(0x1234_5678L);

        RtpPacket second = send(agent, 101, 5160, 0xAAAA);
        assertThat(second.sequenceNumber()).isEqualTo(65535);
        assertThat(second.marker()).isFalse();
        RtpPacket third = send(agent, 102, 5320, 0xAAAA);
        assertThat(third.sequenceNumber()).isZero(); // 65535 -> 0
        assertThat(third.timestamp()).isEqualTo(0x40L); // 2^32 wrap: 0xFFFFFF00 + 320

        // music takes over: its own numbers are mapped to continue the stream, with the marker
        RtpPacket m1 = send(music, 7, 999_999, 0xBBBB);
        assertThat(m1.ssrc()).isEqualTo(0x1234_5678L);
        assertThat(m1.sequenceNumber()).isEqualTo(1);
        assertThat(m1.timestamp()).isEqualTo(0x40L + 160);
        assertThat(m1.marker()).isTrue();
        RtpPacket m2 = send(music, 8, 999_999 + 160, 0xBBBB);
        assertThat(m2.sequenceNumber()).isEqualTo(2);
        assertThat(m2.timestamp()).isEqualTo(0x40L + 320);

        // back to the agent after 1 s of silence: timestamp follows the wall clock
        now.addAndGet(1_000_000_000L - 20_000_000);
        RtpPacket back = send(agent, 150, 50_000, 0xAAAA);
        assertThat(back.sequenceNumber()).isEqualTo(3);
        assertThat(RtpTimestamp.delta(back.timestamp(), m2.timestamp())).isEqualTo(8000);
        assertThat(back.marker()).isTrue();
    }

    @Test
    void passesGapsAndReorderingOfOneSourceThrough() {
        send(agent, 10, 0, 1);
        RtpPacket afterGap = send(agent, 13, 480, 1);
        RtpPacket late = send(agent, 12, 320, 1);
        assertThat(afterGap.sequenceNumber()).isEqualTo((65534 + 3) & 0xFFFF);
        assertThat(late.sequenceNumber()).isEqualTo((65534 + 2) & 0xFFFF);
        assertThat(late.marker()).isFalse();
    }

    @Test
    void aNewSsrcFromTheSameSourceIsASwitch() {
        send(agent, 10, 0, 1);
        RtpPacket restarted = send(agent, 30000, 123456, 2);
        assertThat(restarted.sequenceNumber()).isEqualTo(65535);
        assertThat(restarted.marker()).isTrue();
    }
}
