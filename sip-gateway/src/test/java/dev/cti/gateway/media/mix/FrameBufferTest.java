package dev.cti.gateway.media.mix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.protocol.audio.G711;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** The per-party buffer: silence on underrun, oldest out on overflow, standing backlog trimmed. */
class FrameBufferTest {

    private static short[] ramp(int from, int count) {
        short[] s = new short[count];
        for (int i = 0; i < count; i++) {
            s[i] = (short) (from + i);
        }
        return s;
    }

    @Test
    void anEmptyOrPartialBufferReadsAsSilenceAndKeepsThePartForLater() {
        FrameBuffer b = new FrameBuffer();
        short[] out = ramp(1, 160);
        assertThat(b.read(out)).isFalse();
        assertThat(out).containsOnly((short) 0);

        b.write(ramp(1, 80), 0, 80);
        assertThat(b.read(out)).isFalse();
        assertThat(b.size()).isEqualTo(80);
        b.write(ramp(81, 80), 0, 80);
        assertThat(b.read(out)).isTrue();
        assertThat(out).containsExactly(ramp(1, 160));
        assertThat(b.underruns()).isEqualTo(2);
    }

    @Test
    void decodesG711IntoFramesInArrivalOrderAcrossTheRingsWrap() {
        FrameBuffer b = new FrameBuffer();
        short[] out = new short[160];
        for (int round = 0; round < 10; round++) { // 10 × 160 crosses the 480-sample ring several times
            byte[] codes = new byte[160];
            for (int i = 0; i < 160; i++) {
                codes[i] = G711.PCMA.encode((short) (round * 100 + i * 8));
            }
            ByteBuf buf = Unpooled.wrappedBuffer(new byte[12], codes);
            b.write(G711.PCMA, buf, 12, 160);
            assertThat(b.read(out)).isTrue();
            for (int i = 0; i < 160; i++) {
                assertThat(out[i]).isEqualTo(G711.PCMA.decode(codes[i]));
            }
            buf.release();
        }
        assertThat(b.size()).isZero();
    }

    @Test
    void overflowPushesOutTheOldestSamples() {
        FrameBuffer b = new FrameBuffer();
        for (int i = 0; i < 4; i++) { // 640 samples into a 480-sample ring
            b.write(ramp(i * 160, 160), 0, 160);
        }
        assertThat(b.size()).isEqualTo(FrameBuffer.CAPACITY);
        assertThat(b.overflowSamples()).isEqualTo(160);
        short[] out = new short[160];
        b.read(out);
        assertThat(out).containsExactly(ramp(160, 160)); // the first frame is gone
    }

    @Test
    void aFrameStandingForOneSecondIsTrimmedSoDelayStaysUnderOneFrame() {
        FrameBuffer b = new FrameBuffer();
        short[] out = new short[160];
        b.write(new short[160], 0, 160); // a burst left one extra frame
        int sample = 0;
        int ticks = 0;
        while (b.trimmedFrames() == 0 && ticks < 200) {
            b.write(ramp(sample, 160), 0, 160); // then one frame per tick, in step
            sample += 160;
            b.read(out);
            ticks++;
        }
        assertThat(ticks).isEqualTo(FrameBuffer.TRIM_AFTER_TICKS);
        assertThat(b.size()).isZero();
        // from now on each frame is read in the tick it arrived in
        b.write(ramp(7, 160), 0, 160);
        assertThat(b.read(out)).isTrue();
        assertThat(out).containsExactly(ramp(7, 160));
    }

    @Test
    void aLatePacketThatArrivesWithTheNextIsJitterNotBacklog() {
        FrameBuffer b = new FrameBuffer();
        short[] out = new short[160];
        for (int tick = 0; tick < 500; tick++) {
            int packets = switch (tick % 10) {
                case 5 -> 0; // late...
                case 6 -> 2; // ...arrives with the next one
                default -> 1;
            };
            for (int p = 0; p < packets; p++) {
                b.write(new short[160], 0, 160);
            }
            b.read(out);
        }
        assertThat(b.trimmedFrames()).isZero();
        assertThat(b.overflowSamples()).isZero();
    }
}
