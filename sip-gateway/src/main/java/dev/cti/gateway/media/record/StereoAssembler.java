package dev.cti.gateway.media.record;

import dev.cti.protocol.audio.G711;
import dev.cti.recording.RecordingHeader;
import io.netty.buffer.ByteBuf;

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
 * <p><b>Memory</b>: a ring of {@link #RING_SECONDS} one-second {@link CodeChunk}s holding the G.711 codes as they
 * came (one byte per sample per channel, plus the law of each sample or "silent"): a packet is one bulk copy, nothing
 * is decoded here. A chunk {@code [p, p + 1 s)} is handed to the {@link ChunkSink} once no packet can land in it any
 * more (the clock has passed its end by the jitter window plus a long packet), from a packet or from {@link #advance}
 * (the recording's periodic sweep, which also fills silence when nothing arrives): the chunk object itself, replaced
 * in the ring by a spare from the {@link CodeChunk.Pool} (the writer decodes, interleaves and gives it back). A
 * packet that would land before the last chunk handed over is cut ({@link #droppedLate()}).
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
    static final int CHUNK_SAMPLES = CodeChunk.SAMPLES; // one second
    static final int RING_SECONDS = 2;
    static final int RING = RING_SECONDS * CHUNK_SAMPLES;
    /** Jitter window: 80 ms. */
    static final int JITTER = RATE * 80 / 1000;
    /** A chunk is final once the clock is this far past its end: the jitter window plus a 60 ms packet. */
    static final int SETTLE = JITTER + RATE * 60 / 1000;

    /** Receives each finished chunk ({@link CodeChunk#frames} is {@link #CHUNK_SAMPLES}), to decode off the loop. */
    @FunctionalInterface
    public interface ChunkSink {
        void chunk(CodeChunk chunk);
    }

    private final long startNanos;
    private final CodeChunk.Pool pool;
    private final ChunkSink sink;
    /** Chunk {@code k} of the timeline (samples {@code [k s, k s + 1 s)}) is {@code ring[k % RING_SECONDS]}. */
    private final CodeChunk[] ring = new CodeChunk[RING_SECONDS];
    private final long[] next = {0, 0};
    /** Absolute sample position of the first sample not yet handed to the sink; a whole second until the finish. */
    private long flushed;
    /** Nothing is written before this position (the end of the last pause). */
    private long floor;
    private boolean paused;
    private long droppedAhead;
    private long droppedLate;

    public StereoAssembler(long startNanos, CodeChunk.Pool pool, ChunkSink sink) {
        this.startNanos = startNanos;
        this.pool = pool;
        this.sink = sink;
        for (int i = 0; i < RING_SECONDS; i++) {
            ring[i] = pool.take();
        }
    }

    /** The sample position of time {@code nanos} on this recording's timeline (0 at its start). */
    public long position(long nanos) {
        return Math.max(0, (nanos - startNanos) * RATE / 1_000_000_000L);
    }

    /** Milliseconds from the recording's start at time {@code nanos}. */
    public long offsetMillis(long nanos) {
        return position(nanos) * 1000 / RATE;
    }

    /**
     * A G.711 payload ({@code length} codes of {@code buf} from {@code index}) into {@code channel} at its arrival
     * time {@code nanos}: copied as it is, decoded by the writer.
     */
    public void write(int channel, G711 law, ByteBuf buf, int index, int length, long nanos) {
        long now = position(nanos);
        advanceTo(now);
        if (paused) {
            return;
        }
        long at = next[channel];
        long target = Math.max(0, now - length);
        if (at < target - JITTER) {
            at = target; // a gap: it stays silent
        } else if (at > target + JITTER) {
            droppedAhead++;
            return;
        }
        long from = at;
        long lowest = Math.max(floor, flushed);
        if (from < lowest) {
            from = Math.min(at + length, lowest);
            if (at < flushed) {
                droppedLate++;
            }
        }
        long end = at + length;
        if (end > flushed + RING) {
            flushThrough(end - RING); // only after a stall of the sweep: hands chunks over early
            from = Math.max(from, Math.min(end, flushed)); // (a packet longer than the ring keeps its end)
        }
        while (from < end) { // at most two runs for a packet up to a second: up to a chunk's end, then the next
            int offset = (int) (from % CHUNK_SAMPLES);
            int run = (int) Math.min(end - from, CHUNK_SAMPLES - offset);
            chunkAt(from).put(channel, offset, law, buf, index + (int) (from - at), run);
            from += run;
        }
        next[channel] = end;
    }

    /** The ring's chunk holding sample {@code position}, in {@code [flushed, flushed + RING)}. */
    private CodeChunk chunkAt(long position) {
        return ring[(int) (position / CHUNK_SAMPLES % RING_SECONDS)];
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

    /** The chunk at {@link #flushed} with its first {@code samples}; a spare takes its place and we move past it. */
    private CodeChunk take(int samples) {
        int slot = (int) (flushed / CHUNK_SAMPLES % RING_SECONDS);
        CodeChunk out = ring[slot];
        out.frames(samples);
        ring[slot] = pool.take();
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
        while (from < to) {
            int offset = (int) (from % CHUNK_SAMPLES);
            int run = (int) Math.min(to - from, CHUNK_SAMPLES - offset);
            chunkAt(from).erase(offset, offset + run);
            from += run;
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
     * returns the rest, less than one chunk (possibly no frames), for the file's final chunk.
     */
    public CodeChunk finish(long nanos) {
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
