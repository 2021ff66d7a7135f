package dev.cti.gateway.media.record;

import dev.cti.protocol.audio.G711;
import dev.cti.recording.RecordingHeader;
import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Lines up a call's two directions of audio on one timeline and cuts it into one-second stereo chunks, in bounded
 * memory. Left channel ({@link #CUSTOMER}): what the customer's leg receives. Right ({@link #AGENT_SIDE}): what the
 * gateway sends to the customer.
 *
 * <p><b>Alignment by arrival time</b>, not RTP timestamps: the right channel's source changes mid-call (agent,
 * music, prompts, a mixer, a transfer target), each with its own numbering. A packet of {@code n} samples arriving
 * at time {@code t} belongs at sample position {@code target = (t - start) * 8000 / 1e9 - n} (it ends when it
 * arrives). Each channel remembers where its last packet ended ({@code next}):
 * <ul>
 *   <li>{@code |next - target| <= jitter}: written at {@code next}, back to back (network jitter is absorbed and
 *       the audio stays continuous);
 *   <li>{@code next < target - jitter}: a gap (loss, silence suppression, nobody sending): written at
 *       {@code target}, the gap stays silent;
 *   <li>{@code next > target + jitter}: a burst running ahead of real time: dropped and counted
 *       ({@link #droppedAhead()}).
 * </ul>
 *
 * <p><b>Memory</b>: one ring of {@link #RING_SECONDS} s per channel (16-bit samples; 96 KB per call). A chunk
 * {@code [p, p + 1 s)} is handed to the {@link ChunkSink} once no packet can land in it any more (the clock has
 * passed its end by the jitter window plus a long packet), from a packet or from {@link #advance} (the recording's
 * periodic sweep, which also fills silence when nothing arrives); a packet that would land before the last chunk
 * handed over is cut ({@link #droppedLate()}).
 *
 * <p><b>Pause</b>: between {@link #pause} and {@link #resume} nothing is written, and what was written ahead of
 * the pause position is erased: the span is silent on both channels.
 *
 * <p>Not thread-safe: the recording confines it to the customer leg's event loop. Time is passed in (nanoseconds
 * of the engine's clock), so tests drive it without sleeping.
 */
public final class StereoAssembler {
    public static final int CUSTOMER = 0;
    public static final int AGENT_SIDE = 1;
    static final int RATE = RecordingHeader.SAMPLE_RATE;
    static final int CHUNK_SAMPLES = RATE; // one second
    static final int RING_SECONDS = 3;
    static final int RING = RING_SECONDS * RATE;
    /** Jitter window: 80 ms. */
    static final int JITTER = RATE * 80 / 1000;
    /** A chunk is final once the clock is this far past its end: the jitter window plus a 60 ms packet. */
    static final int SETTLE = JITTER + RATE * 60 / 1000;
    /** One stereo frame (left in the low 16 bits, right in the high) as 4 little-endian bytes. */
    private static final VarHandle FRAME = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** Receives each finished chunk: {@link RecordingHeader#CHUNK_BYTES} bytes of interleaved 16-bit LE PCM. */
    @FunctionalInterface
    public interface ChunkSink {
        void chunk(byte[] pcm);
    }

    private final long startNanos;
    private final ChunkSink sink;
    private final short[][] ring = {new short[RING], new short[RING]};
    private final long[] next = {0, 0};
    private final short[] scratch = new short[1024];
    private final byte[] codes = new byte[1024];
    /** Absolute sample position of the first sample not yet handed to the sink. */
    private long flushed;
    /** Nothing is written before this position (the end of the last pause). */
    private long floor;
    private boolean paused;
    private long droppedAhead;
    private long droppedLate;

    public StereoAssembler(long startNanos, ChunkSink sink) {
        this.startNanos = startNanos;
        this.sink = sink;
    }

    /** The sample position of time {@code nanos} on this recording's timeline (0 at its start). */
    public long position(long nanos) {
        return Math.max(0, (nanos - startNanos) * RATE / 1_000_000_000L);
    }

    /** Milliseconds from the recording's start at time {@code nanos}. */
    public long offsetMillis(long nanos) {
        return position(nanos) * 1000 / RATE;
    }

    /** Decodes a G.711 payload into {@code channel} at its arrival time {@code nanos}. */
    public void write(int channel, G711 law, ByteBuf buf, int index, int length, long nanos) {
        int done = 0;
        while (done < length) {
            int n = Math.min(scratch.length, length - done);
            buf.getBytes(index + done, codes, 0, n); // one bounds check and a bulk copy, not one per byte
            law.decode(codes, 0, n, scratch, 0);
            write(channel, scratch, n, nanos, done == 0 ? length : -1);
            done += n;
        }
    }

    /** Linear samples into {@code channel} at arrival time {@code nanos}. */
    public void write(int channel, short[] samples, int n, long nanos) {
        write(channel, samples, n, nanos, n);
    }

    /** @param packetLength samples in the whole packet for the first piece of it, -1 for later pieces */
    private void write(int channel, short[] samples, int n, long nanos, int packetLength) {
        long now = position(nanos);
        advanceTo(now);
        if (paused) {
            return;
        }
        long at = next[channel];
        if (packetLength >= 0) {
            long target = Math.max(0, now - packetLength);
            if (at < target - JITTER) {
                at = target; // a gap: it stays silent
            } else if (at > target + JITTER) {
                droppedAhead++;
                return;
            }
        }
        int skip = 0;
        long lowest = Math.max(floor, flushed);
        if (at < lowest) {
            skip = (int) Math.min(n, lowest - at);
            if (at < flushed) {
                droppedLate++;
            }
        }
        long end = at + n;
        if (end > flushed + RING) {
            flushThrough(end - RING); // only after a stall of the sweep: hands chunks over early
        }
        short[] r = ring[channel];
        int pos = (int) ((at + skip) % RING);
        for (int i = skip; i < n; ) { // at most two runs: up to the ring's end, then from its start
            int run = Math.min(n - i, RING - pos);
            System.arraycopy(samples, i, r, pos, run);
            i += run;
            pos = 0;
        }
        next[channel] = end;
    }

    /** The periodic sweep: hands over every chunk the clock has settled, silent or not. */
    public void advance(long nanos) {
        advanceTo(position(nanos));
    }

    private void advanceTo(long now) {
        while (flushed + CHUNK_SAMPLES + SETTLE <= now) {
            emitChunk();
        }
    }

    private void flushThrough(long position) {
        while (flushed < position) {
            emitChunk();
        }
    }

    private void emitChunk() {
        sink.chunk(take(CHUNK_SAMPLES));
    }

    /** Interleaves {@code samples} from {@link #flushed}, clears them in the ring and moves past them. */
    private byte[] take(int samples) {
        byte[] out = new byte[samples * RecordingHeader.FRAME_BYTES];
        short[] left = ring[CUSTOMER];
        short[] right = ring[AGENT_SIDE];
        int at = (int) (flushed % RING); // one division per chunk, not one per sample
        for (int i = 0; i < samples; i++) {
            FRAME.set(out, i * RecordingHeader.FRAME_BYTES, (left[at] & 0xFFFF) | (right[at] << 16));
            left[at] = 0;
            right[at] = 0;
            if (++at == RING) {
                at = 0;
            }
        }
        flushed += samples;
        return out;
    }

    /** From {@code nanos} on, both channels are silent until {@link #resume}; audio written ahead is erased. */
    public void pause(long nanos) {
        long at = position(nanos);
        advanceTo(at);
        if (paused) {
            return;
        }
        paused = true;
        long from = Math.max(at, flushed);
        long to = Math.min(Math.max(next[CUSTOMER], next[AGENT_SIDE]), flushed + RING);
        for (long p = from; p < to; p++) {
            ring[CUSTOMER][(int) (p % RING)] = 0;
            ring[AGENT_SIDE][(int) (p % RING)] = 0;
        }
    }

    /** Records again from {@code nanos}; nothing lands before it. */
    public void resume(long nanos) {
        long at = position(nanos);
        advanceTo(at);
        if (paused) {
            paused = false;
            floor = Math.max(floor, at);
        }
    }

    public boolean paused() {
        return paused;
    }

    /**
     * Ends the timeline at {@code nanos} (or at the last sample written, if later): hands over every full chunk and
     * returns the rest, whole frames, less than one chunk (possibly empty), for the file's final chunk.
     */
    public byte[] finish(long nanos) {
        long end = position(nanos);
        if (!paused) {
            end = Math.max(end, Math.max(next[CUSTOMER], next[AGENT_SIDE]));
        }
        end = Math.min(end, flushed + RING);
        while (flushed + CHUNK_SAMPLES <= end) {
            emitChunk();
        }
        return take((int) (end - flushed));
    }

    /** Packets dropped because they ran ahead of real time by more than the jitter window. */
    public long droppedAhead() {
        return droppedAhead;
    }

    /** Packets (partly) cut because they arrived after their chunk had been handed over. */
    public long droppedLate() {
        return droppedLate;
    }

    /** Samples handed over so far. */
    public long flushed() {
        return flushed;
    }
}
