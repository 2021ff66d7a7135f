package dev.cti.gateway.media.record;

import dev.cti.protocol.audio.G711;
import dev.cti.recording.RecordingHeader;
import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One second of a recording as it arrived: per channel, the G.711 codes (one byte per sample) and, per sample, the
 * law they are in or {@link #SILENT} where nothing landed (a gap, a pause, before the first packet). The aligner
 * ({@link StereoAssembler}) fills it on the event loop with bulk copies; the writer threads turn it into the file's
 * 16-bit stereo PCM ({@link #interleave}) and give it back to its {@link Pool}, so the loop neither decodes,
 * interleaves, clears nor allocates per second.
 *
 * <p>Confined to one thread at a time: the loop until it is handed over, then the writer; the hand-off (a
 * synchronized queue) orders the two.
 */
public final class CodeChunk {
    static final int SAMPLES = RecordingHeader.SAMPLE_RATE;
    /** The tag of a sample nothing was written to: linear 0 (no G.711 code is: A-law's quietest codes are ±8). */
    static final byte SILENT = 0;
    private static final byte MU = 1;
    private static final byte A = 2;
    /** One stereo frame (left in the low 16 bits, right in the high) as 4 little-endian bytes. */
    private static final VarHandle FRAME = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[][] codes = {new byte[SAMPLES], new byte[SAMPLES]};
    private final byte[][] laws = {new byte[SAMPLES], new byte[SAMPLES]};
    private int frames;

    CodeChunk() {}

    /** Copies {@code n} codes in {@code law} from {@code buf[index]} to {@code channel} at {@code offset}. */
    void put(int channel, int offset, G711 law, ByteBuf buf, int index, int n) {
        buf.getBytes(index, codes[channel], offset, n);
        Arrays.fill(laws[channel], offset, offset + n, law == G711.PCMU ? MU : A);
    }

    /** Makes {@code [from, to)} silent on both channels. */
    void erase(int from, int to) {
        Arrays.fill(laws[0], from, to, SILENT);
        Arrays.fill(laws[1], from, to, SILENT);
    }

    /** Marks the first {@code frames} samples as the chunk's audio (all of them but for the recording's last). */
    void frames(int frames) {
        this.frames = frames;
    }

    public int frames() {
        return frames;
    }

    /** The PCM's length: {@link #frames} whole 16-bit stereo frames. */
    public int pcmBytes() {
        return frames * RecordingHeader.FRAME_BYTES;
    }

    /**
     * Decodes and interleaves the chunk into {@code out} ({@link #pcmBytes} bytes from 0): the file's 16-bit
     * little-endian stereo PCM, customer left, silent samples 0.
     */
    public void interleave(byte[] out) {
        byte[] lc = codes[StereoAssembler.CUSTOMER];
        byte[] ll = laws[StereoAssembler.CUSTOMER];
        byte[] rc = codes[StereoAssembler.AGENT_SIDE];
        byte[] rl = laws[StereoAssembler.AGENT_SIDE];
        for (int i = 0; i < frames; i++) {
            FRAME.set(out, i * RecordingHeader.FRAME_BYTES,
                    (linear(ll[i], lc[i]) & 0xFFFF) | (linear(rl[i], rc[i]) << 16));
        }
    }

    /** The chunk's PCM in a new array. */
    public byte[] pcm() {
        byte[] out = new byte[pcmBytes()];
        interleave(out);
        return out;
    }

    private static int linear(byte law, byte code) {
        return switch (law) {
            case MU -> G711.PCMU.decode(code);
            case A -> G711.PCMA.decode(code);
            default -> 0;
        };
    }

    /** Back to all silent, for reuse. */
    private void clear() {
        Arrays.fill(laws[0], SILENT);
        Arrays.fill(laws[1], SILENT);
        frames = 0;
    }

    /**
     * A recording's spare chunks: the loop takes (a new one only when none is spare), the writer gives back what it
     * has written, cleared there. Bounded: more than {@code spares} given back are left to the garbage collector.
     */
    public static final class Pool {
        private final CodeChunk[] spare;
        private int size;

        public Pool(int spares) {
            this.spare = new CodeChunk[spares];
        }

        /** A silent chunk. */
        synchronized CodeChunk take() {
            if (size == 0) {
                return new CodeChunk();
            }
            CodeChunk c = spare[--size];
            spare[size] = null;
            return c;
        }

        /** Takes {@code c} back once its audio is written; clears it on the caller's thread (a writer). */
        public void give(CodeChunk c) {
            c.clear();
            synchronized (this) {
                if (size < spare.length) {
                    spare[size++] = c;
                }
            }
        }

        synchronized int spares() {
            return size;
        }
    }
}
