package dev.cti.gateway.media.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.protocol.audio.G711;
import dev.cti.recording.RecordingHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The aligner with an injected clock (no sleeping): packets of 20 ms carry a constant level per channel so the
 * chunks show exactly where each sample landed. The levels are exact in both G.711 laws (multiples of 16 plus 8 up
 * to 120), so every test runs with µ-law and with A-law payloads; the chunks are decoded as the writer does it
 * ({@link CodeChunk#pcm}) and given back to the pool, so reused chunks are in play from the third second.
 */
class StereoAssemblerTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 5_000 * MS;
    private final List<byte[]> chunks = new ArrayList<>();
    private final CodeChunk.Pool pool = new CodeChunk.Pool(2);
    private final StereoAssembler a = new StereoAssembler(T0, pool, c -> {
        chunks.add(c.pcm());
        pool.give(c);
    });

    /** A payload of {@code n} codes of {@code law} that decode to exactly {@code value}. */
    private static ByteBuf level(G711 law, int value, int n) {
        byte code = law.encode((short) value);
        assertThat(law.decode(code)).as("a G.711-exact level").isEqualTo((short) value);
        ByteBuf b = Unpooled.buffer(n);
        for (int i = 0; i < n; i++) {
            b.writeByte(code);
        }
        return b;
    }

    private void write(G711 law, int channel, int value, int n, long nanos) {
        a.write(channel, law, level(law, value, n), 0, n, nanos);
    }

    /** Sends 20 ms packets of {@code value} on {@code channel}, one every 20 ms arriving at their end, from..to ms. */
    private void stream(G711 law, int channel, int value, long fromMs, long toMs) {
        for (long t = fromMs + 20; t <= toMs; t += 20) {
            write(law, channel, value, 160, T0 + t * MS);
        }
    }

    /** The whole timeline so far, as [left, right] sample arrays (after finish). */
    private short[][] timeline(byte[] tail) {
        int frames = chunks.size() * StereoAssembler.CHUNK_SAMPLES + tail.length / 4;
        short[][] out = {new short[frames], new short[frames]};
        int f = 0;
        List<byte[]> all = new ArrayList<>(chunks);
        all.add(tail);
        for (byte[] c : all) {
            for (int i = 0; i + 3 < c.length; i += 4, f++) {
                out[0][f] = (short) ((c[i] & 0xFF) | (c[i + 1] << 8));
                out[1][f] = (short) ((c[i + 2] & 0xFF) | (c[i + 3] << 8));
            }
        }
        return out;
    }

    private static long count(short[] s, int from, int to, int value) {
        long n = 0;
        for (int i = from; i < to; i++) {
            n += s[i] == value ? 1 : 0;
        }
        return n;
    }

    @ParameterizedTest
    @EnumSource(G711.class)
    void steadyStreamsFillBothChannelsWithoutGaps(G711 law) {
        for (long t = 20; t <= 2500; t += 20) {
            write(law, StereoAssembler.CUSTOMER, 104, 160, T0 + t * MS);
            write(law, StereoAssembler.AGENT_SIDE, -120, 160, T0 + (t + 3) * MS);
        }
        byte[] tail = a.finish(T0 + 2500 * MS).pcm();
        short[][] tl = timeline(tail);
        assertThat(chunks.size()).isEqualTo(2);
        assertThat(chunks).allSatisfy(c -> assertThat(c).hasSize(RecordingHeader.CHUNK_BYTES));
        assertThat(tl[0].length).isEqualTo(20_000);
        assertThat(count(tl[0], 0, 20_000, 104)).isEqualTo(20_000);
        assertThat(count(tl[1], 0, 20_000, -120)).as("agent side starts after its first packet")
                .isGreaterThanOrEqualTo(20_000 - 24);
        assertThat(a.droppedAhead()).isZero();
        assertThat(a.droppedLate()).isZero();
    }

    /**
     * The tap's path (G.711 payload inside an RTP packet's buffer): every sample lands in order on its channel, across
     * chunk boundaries and across the end of the ring, where packets that start 80 samples off the 160-sample grid
     * are split in two.
     */
    @Test
    void g711PayloadsLandSampleBySampleAcrossTheRingsEnd() {
        io.netty.buffer.ByteBuf packet = io.netty.buffer.Unpooled.buffer(12 + 160);
        int[] code = {0, 0};
        for (long t = 130; t <= 4130; t += 20) {
            for (int ch = 0; ch < 2; ch++) {
                packet.clear().writeZero(12);
                for (int i = 0; i < 160; i++, code[ch]++) {
                    packet.writeByte(ch == 0 ? code[ch] * 3 : 255 - code[ch]);
                }
                a.write(ch, dev.cti.protocol.audio.G711.PCMU, packet, 12, 160, T0 + (t + ch) * MS);
            }
        }
        short[][] tl = timeline(a.finish(T0 + 4131 * MS).pcm());
        int first = 880; // the first packet arrives at 130 ms (1,040 samples), past the jitter window: it ends there
        assertThat(first + code[0]).isGreaterThan(StereoAssembler.RING).isLessThanOrEqualTo(tl[0].length);
        for (int j = 0; j < code[0]; j++) {
            assertThat(tl[0][first + j]).as("left sample %d", j)
                    .isEqualTo(dev.cti.protocol.audio.G711.PCMU.decode((byte) (j * 3)));
            assertThat(tl[1][first + 8 + j]).as("right sample %d", j) // 1 ms later
                    .isEqualTo(dev.cti.protocol.audio.G711.PCMU.decode((byte) (255 - j)));
        }
        assertThat(a.droppedAhead()).isZero();
        assertThat(a.droppedLate()).isZero();
    }

    @ParameterizedTest
    @EnumSource(G711.class)
    void jitterWithinTheWindowKeepsTheAudioContinuous(G711 law) {
        long[] jitter = {0, 15, -10, 30, 5, -5, 40, 0, 25, -15};
        for (int i = 1; i <= 100; i++) {
            long t = i * 20 + jitter[i % jitter.length];
            write(law, StereoAssembler.CUSTOMER, 8, 160, T0 + t * MS);
        }
        byte[] tail = a.finish(T0 + 2000 * MS).pcm();
        short[][] tl = timeline(tail);
        // 100 packets back to back from the first one's position: no hole, nothing dropped
        assertThat(count(tl[0], 0, tl[0].length, 8)).isEqualTo(16_000);
        int first = 0;
        while (tl[0][first] != 8) {
            first++;
        }
        assertThat(count(tl[0], first, first + 16_000, 8)).as("contiguous").isEqualTo(16_000);
        assertThat(a.droppedAhead()).isZero();
    }

    @ParameterizedTest
    @EnumSource(G711.class)
    void aGapBeyondTheWindowStaysSilentAndLaterAudioLandsAtItsTime(G711 law) {
        stream(law, StereoAssembler.CUSTOMER, 24, 0, 400);     // 0..400 ms
        stream(law, StereoAssembler.CUSTOMER, 24, 1000, 1400); // nothing for 600 ms, then 1000..1400 ms
        byte[] tail = a.finish(T0 + 1400 * MS).pcm();
        short[] left = timeline(tail)[0];
        assertThat(count(left, 0, 3200, 24)).isEqualTo(3200);
        assertThat(count(left, 3200, 8000, 0)).as("the gap is silence").isEqualTo(4800);
        assertThat(count(left, 8000, 11_200, 24)).isEqualTo(3200);
    }

    @ParameterizedTest
    @EnumSource(G711.class)
    void aBurstRunningAheadIsDroppedAndCounted(G711 law) {
        stream(law, StereoAssembler.AGENT_SIDE, 40, 0, 200);
        // 20 packets (400 ms of audio) arrive at once at 220 ms: only what fits the jitter window is kept
        for (int i = 0; i < 20; i++) {
            write(law, StereoAssembler.AGENT_SIDE, 56, 160, T0 + 220 * MS);
        }
        assertThat(a.droppedAhead()).isGreaterThanOrEqualTo(14);
        byte[] tail = a.finish(T0 + 1000 * MS).pcm();
        short[] right = timeline(tail)[1];
        long kept = count(right, 0, right.length, 56);
        assertThat(kept).isEqualTo((20 - a.droppedAhead()) * 160);
    }

    @Test
    void chunksAreHandedOverByTheSweepWhenNothingArrives() {
        a.advance(T0 + 999 * MS);
        assertThat(chunks).isEmpty();
        a.advance(T0 + (1000 + 140) * MS); // one second plus the settle time (jitter 80 ms + a 60 ms packet)
        assertThat(chunks.size()).isEqualTo(1);
        a.advance(T0 + 10_000 * MS);
        assertThat(chunks.size()).as("chunks settled by 10 s").isEqualTo(9);
        assertThat(chunks).allSatisfy(c -> assertThat(count(timelineOf(c)[0], 0, 8000, 0)).isEqualTo(8000));
    }

    private static short[][] timelineOf(byte[] c) {
        short[][] out = {new short[c.length / 4], new short[c.length / 4]};
        for (int i = 0, f = 0; i + 3 < c.length; i += 4, f++) {
            out[0][f] = (short) ((c[i] & 0xFF) | (c[i + 1] << 8));
            out[1][f] = (short) ((c[i + 2] & 0xFF) | (c[i + 3] << 8));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(G711.class)
    void aPauseIsSilentOnBothChannelsForItsSpan(G711 law) {
        for (long t = 20; t <= 3000; t += 20) {
            if (t == 1000) {
                a.pause(T0 + 1000 * MS);
            }
            if (t == 2000) {
                a.resume(T0 + 2000 * MS);
            }
            write(law, StereoAssembler.CUSTOMER, 72, 160, T0 + t * MS);
            write(law, StereoAssembler.AGENT_SIDE, 88, 160, T0 + t * MS);
        }
        byte[] tail = a.finish(T0 + 3000 * MS).pcm();
        short[][] tl = timeline(tail);
        // audio right up to the pause, silence over it, audio again from the resume
        assertThat(count(tl[0], 0, 7840, 72)).isEqualTo(7840);
        assertThat(count(tl[0], 8000, 16_000, 0)).as("left silent while paused").isEqualTo(8000);
        assertThat(count(tl[1], 8000, 16_000, 0)).as("right silent while paused").isEqualTo(8000);
        assertThat(count(tl[0], 16_000, 24_000, 72)).isGreaterThanOrEqualTo(8000 - 160);
        assertThat(count(tl[1], 16_000, 24_000, 88)).isGreaterThanOrEqualTo(8000 - 160);
        assertThat(a.paused()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(G711.class)
    void audioWrittenAheadOfAPauseIsErased(G711 law) {
        stream(law, StereoAssembler.CUSTOMER, 40, 0, 500);
        // a packet arriving 40 ms early (within the window) lands ahead of the clock...
        write(law, StereoAssembler.CUSTOMER, 56, 160, T0 + 480 * MS);
        a.pause(T0 + 500 * MS); // ...and the pause at 500 ms erases it
        byte[] tail = a.finish(T0 + 900 * MS).pcm();
        short[] left = timeline(tail)[0];
        assertThat(count(left, 4000, left.length, 56)).isZero();
        assertThat(count(left, 4000, left.length, 0)).isEqualTo(left.length - 4000);
    }

    @ParameterizedTest
    @EnumSource(G711.class)
    void memoryIsBoundedWhateverTheClockDoes(G711 law) {
        // a stall of the sweep for a minute: the next packet hands over every settled chunk first, nothing grows
        stream(law, StereoAssembler.CUSTOMER, 8, 0, 200);
        write(law, StereoAssembler.CUSTOMER, 8, 160, T0 + 60_000 * MS);
        assertThat(chunks.size()).isGreaterThanOrEqualTo(58);
        assertThat(a.flushed() + StereoAssembler.RING).isGreaterThan(a.position(T0 + 60_000 * MS));
        // a packet far in the future of the ring (cannot happen with a monotonic clock, but must not corrupt)
        write(law, StereoAssembler.AGENT_SIDE, 24, 4000, T0 + 60_100 * MS);
        assertThat(a.position(T0 + 60_100 * MS) - a.flushed()).isLessThanOrEqualTo(StereoAssembler.RING);
    }
}
