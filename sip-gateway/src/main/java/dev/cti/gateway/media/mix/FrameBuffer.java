package dev.cti.gateway.media.mix;

import dev.cti.protocol.audio.G711;
import io.netty.buffer.ByteBuf;

/**
 * The few milliseconds of one party's decoded audio waiting for the next mixing tick: a ring of
 * 16-bit samples that packets are decoded into as they arrive and each 20 ms tick reads one frame
 * (160 samples) from.
 *
 * <p>Exists because the parties' packets arrive at their own moments and the mix must add frames of
 * the same 20 ms. Sized for two 20 ms frames plus one 20 ms of room (so a 30 ms-ptime phone fits):
 * <ul>
 *   <li>missing audio at a tick reads as silence (an underrun; partial samples wait for the next tick);
 *   <li>a packet that does not fit pushes out the oldest samples (an overflow: the sender is ahead);
 *   <li>a standing backlog, a full frame still waiting after every read for {@value #TRIM_AFTER_TICKS}
 *       ticks (a phone's clock faster than ours, or a burst that never drained), is trimmed by one
 *       frame, so the added delay stays under one frame.
 * </ul>
 * Confined to the mixer's event loop; allocation-free.
 */
public final class FrameBuffer {

    /** 20 ms at 8 kHz. */
    public static final int FRAME = 160;
    /** Capacity in samples: 60 ms. */
    public static final int CAPACITY = 3 * FRAME;
    /** Ticks (1 s) a backlog of a frame must stand before it is trimmed. */
    public static final int TRIM_AFTER_TICKS = 50;

    private final short[] ring = new short[CAPACITY];
    private int head; // index of the oldest sample
    private int size;
    private int backlogTicks;
    private long underruns;
    private long overflowSamples;
    private long trimmedFrames;

    /** Decodes {@code length} G.711 bytes of {@code law} at absolute {@code index} of {@code buf}. */
    public void write(G711 law, ByteBuf buf, int index, int length) {
        makeRoom(length);
        int from = Math.max(0, length - CAPACITY); // more than fits at once: keep the newest
        int tail = (head + size) % CAPACITY;
        for (int i = from; i < length; i++) {
            ring[tail] = law.decode(buf.getByte(index + i));
            tail = tail + 1 == CAPACITY ? 0 : tail + 1;
        }
        size += length - from;
    }

    /** Appends linear samples (tests, and sources that are already PCM). */
    public void write(short[] pcm, int offset, int length) {
        makeRoom(length);
        int from = Math.max(0, length - CAPACITY);
        int tail = (head + size) % CAPACITY;
        for (int i = from; i < length; i++) {
            ring[tail] = pcm[offset + i];
            tail = tail + 1 == CAPACITY ? 0 : tail + 1;
        }
        size += length - from;
    }

    private void makeRoom(int length) {
        int excess = size + Math.min(length, CAPACITY) - CAPACITY;
        if (excess > 0) {
            drop(excess);
            overflowSamples += excess;
        }
    }

    private void drop(int samples) {
        head = (head + samples) % CAPACITY;
        size -= samples;
    }

    /**
     * The tick's frame: copies {@value #FRAME} samples into {@code out} and returns true, or fills
     * {@code out} with silence and returns false if fewer are buffered.
     */
    public boolean read(short[] out) {
        if (size < FRAME) {
            java.util.Arrays.fill(out, 0, FRAME, (short) 0);
            underruns++;
            backlogTicks = 0;
            return false;
        }
        int first = Math.min(FRAME, CAPACITY - head);
        System.arraycopy(ring, head, out, 0, first);
        if (first < FRAME) {
            System.arraycopy(ring, 0, out, first, FRAME - first);
        }
        drop(FRAME);
        if (size >= FRAME) {
            if (++backlogTicks >= TRIM_AFTER_TICKS) {
                drop(FRAME);
                trimmedFrames++;
                backlogTicks = 0;
            }
        } else {
            backlogTicks = 0;
        }
        return true;
    }

    /** Discards everything buffered (a party nobody hears any more, a mode change). */
    public void clear() {
        head = 0;
        size = 0;
        backlogTicks = 0;
    }

    /** Samples buffered now. */
    public int size() {
        return size;
    }

    /** Ticks that found less than a frame. */
    public long underruns() {
        return underruns;
    }

    /** Samples pushed out because the ring was full. */
    public long overflowSamples() {
        return overflowSamples;
    }

    /** Frames removed from a standing backlog. */
    public long trimmedFrames() {
        return trimmedFrames;
    }
}
