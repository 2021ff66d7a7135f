package dev.cti.gateway.media.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.protocol.audio.G711;
import dev.cti.recording.RecordingHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The hand-off between the loop and the writer: the loop's chunk holds codes as they came, the writer decodes and
 * interleaves them into the file's PCM (either law, per sample; silence where nothing landed) and gives the chunk
 * back, cleared, for the loop to reuse.
 */
class CodeChunkTest {
    private static final long MS = 1_000_000L;

    private static ByteBuf codes(int from, int n) {
        ByteBuf b = Unpooled.buffer(n);
        for (int i = 0; i < n; i++) {
            b.writeByte(from + i);
        }
        return b;
    }

    private static short left(byte[] pcm, int frame) {
        return (short) ((pcm[4 * frame] & 0xFF) | (pcm[4 * frame + 1] << 8));
    }

    private static short right(byte[] pcm, int frame) {
        return (short) ((pcm[4 * frame + 2] & 0xFF) | (pcm[4 * frame + 3] << 8));
    }

    @Test
    void theWriterDecodesEachSampleInItsLawAndInterleavesCustomerLeft() {
        CodeChunk c = new CodeChunk.Pool(1).take();
        c.put(StereoAssembler.CUSTOMER, 0, G711.PCMU, codes(0, 256), 0, 256);
        c.put(StereoAssembler.AGENT_SIDE, 0, G711.PCMA, codes(0, 256), 0, 256);
        // the law changes mid-chunk (a peer that negotiated both switches payload type): each sample keeps its own
        c.put(StereoAssembler.CUSTOMER, 256, G711.PCMA, codes(0, 256), 0, 256);
        c.put(StereoAssembler.AGENT_SIDE, 256, G711.PCMU, codes(0, 256), 0, 256);
        c.frames(CodeChunk.SAMPLES);

        byte[] pcm = c.pcm();

        assertThat(pcm).hasSize(RecordingHeader.CHUNK_BYTES);
        for (int i = 0; i < 256; i++) {
            assertThat(left(pcm, i)).as("left µ-law %d", i).isEqualTo(G711.PCMU.decode((byte) i));
            assertThat(right(pcm, i)).as("right A-law %d", i).isEqualTo(G711.PCMA.decode((byte) i));
            assertThat(left(pcm, 256 + i)).as("left A-law %d", i).isEqualTo(G711.PCMA.decode((byte) i));
            assertThat(right(pcm, 256 + i)).as("right µ-law %d", i).isEqualTo(G711.PCMU.decode((byte) i));
        }
        for (int f = 512; f < CodeChunk.SAMPLES; f++) {
            assertThat(left(pcm, f)).isZero();
            assertThat(right(pcm, f)).isZero();
        }
    }

    /** A-law has no code for 0 (its digital silence, 0xD5, decodes to 8): a gap must not read as that code. */
    @Test
    void whereNothingLandedIsLinearZeroInBothLaws() {
        CodeChunk c = new CodeChunk.Pool(1).take();
        ByteBuf silence = Unpooled.buffer(160);
        for (int i = 0; i < 160; i++) {
            silence.writeByte(G711.PCMA.silence());
        }
        c.put(StereoAssembler.CUSTOMER, 1000, G711.PCMA, silence, 0, 160);
        c.put(StereoAssembler.AGENT_SIDE, 2000, G711.PCMU, codes(0, 160), 0, 160);
        c.erase(2080, 2200);
        c.frames(CodeChunk.SAMPLES);

        byte[] pcm = c.pcm();

        for (int f = 0; f < CodeChunk.SAMPLES; f++) {
            short expectedLeft = f >= 1000 && f < 1160 ? G711.PCMA.decode(G711.PCMA.silence()) : 0;
            short expectedRight = f >= 2000 && f < 2080 ? G711.PCMU.decode((byte) (f - 2000)) : 0;
            assertThat(left(pcm, f)).as("left %d", f).isEqualTo(expectedLeft);
            assertThat(right(pcm, f)).as("right %d (erased from 2080)", f).isEqualTo(expectedRight);
        }
        assertThat(G711.PCMA.decode(G711.PCMA.silence())).as("why a silent tag is needed").isNotZero();
    }

    @Test
    void theLastChunkIsItsWholeFramesOnly() {
        CodeChunk c = new CodeChunk.Pool(1).take();
        c.put(StereoAssembler.CUSTOMER, 0, G711.PCMU, codes(0, 100), 0, 100);
        c.frames(37);
        assertThat(c.pcmBytes()).isEqualTo(37 * RecordingHeader.FRAME_BYTES);
        byte[] pcm = c.pcm();
        assertThat(pcm).hasSize(148);
        assertThat(left(pcm, 36)).isEqualTo(G711.PCMU.decode((byte) 36));
    }

    @Test
    void aChunkGivenBackIsSilentWhenTakenAgainAndThePoolIsBounded() {
        CodeChunk.Pool pool = new CodeChunk.Pool(1);
        CodeChunk c = pool.take();
        c.put(StereoAssembler.CUSTOMER, 0, G711.PCMA, codes(0, CodeChunk.SAMPLES), 0, CodeChunk.SAMPLES);
        c.put(StereoAssembler.AGENT_SIDE, 0, G711.PCMU, codes(0, CodeChunk.SAMPLES), 0, CodeChunk.SAMPLES);
        c.frames(CodeChunk.SAMPLES);
        pool.give(c);
        pool.give(new CodeChunk.Pool(1).take()); // beyond the bound: left to the garbage collector
        assertThat(pool.spares()).isEqualTo(1);

        CodeChunk again = pool.take();
        assertThat(again).isSameAs(c);
        assertThat(again.frames()).isZero();
        again.frames(CodeChunk.SAMPLES);
        assertThat(again.pcm()).containsOnly((byte) 0);
    }

    /** Steady audio for a minute: the loop hands over the chunks it filled and reuses them; it allocates none. */
    @Test
    void theLoopReusesTheChunksTheWriterGivesBack() {
        CodeChunk.Pool pool = new CodeChunk.Pool(2);
        Set<CodeChunk> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        int[] handed = {0};
        StereoAssembler a = new StereoAssembler(0, pool, c -> {
            seen.add(c);
            handed[0]++;
            assertThat(c.frames()).isEqualTo(CodeChunk.SAMPLES);
            pool.give(c); // the writer, after writing it
        });
        ByteBuf packet = codes(0, 160);
        for (long t = 20; t <= 60_000; t += 20) {
            a.write(StereoAssembler.CUSTOMER, G711.PCMU, packet, 0, 160, t * MS);
            a.write(StereoAssembler.AGENT_SIDE, G711.PCMA, packet, 0, 160, t * MS);
        }
        assertThat(handed[0]).as("every second settled by 60 s").isEqualTo(59);
        assertThat(seen).as("the ring's chunks plus one spare, whatever the length")
                .hasSize(StereoAssembler.RING_SECONDS + 1);
    }
}
