package dev.cti.agent.media;

import java.util.TreeMap;

/**
 * A small fixed-depth jitter buffer: packets are reordered by RTP sequence number (with 16-bit rollover) and played
 * out one per 20 ms tick once {@code depth} packets are queued. A missing packet plays as silence; a packet that
 * arrives after its turn is dropped; a burst beyond {@code maxPackets} resynchronises to the oldest packet held.
 * Not thread-safe: the RTP session guards it.
 */
public final class JitterBuffer {
    private final int depth;
    private final int maxPackets;
    private final TreeMap<Integer, byte[]> packets = new TreeMap<>();
    private long extendedHighest = -1;
    private long next = -1;
    private boolean playing;
    private long late;
    private long lost;

    public JitterBuffer(int depth, int maxPackets) {
        this.depth = depth;
        this.maxPackets = maxPackets;
    }

    /** Adds a payload with its 16-bit sequence number. */
    public void offer(int seq, byte[] payload) {
        long ext = extend(seq & 0xFFFF);
        if (next >= 0 && ext < next) {
            late++;
            return;
        }
        packets.put((int) (ext - base()), payload);
        while (packets.size() > maxPackets) {
            lost++;
            packets.pollFirstEntry();
            next = packets.firstKey() + base();
        }
    }

    /** The next payload to play, or {@code null} for a silence frame (still filling, or a lost packet). */
    public byte[] poll() {
        if (!playing) {
            if (packets.size() < depth) return null;
            playing = true;
            next = packets.firstKey() + base();
        }
        if (packets.isEmpty()) {
            playing = false; // underrun: refill to depth before playing again
            return null;
        }
        byte[] p = packets.remove((int) (next - base()));
        if (p == null) lost++;
        next++;
        return p;
    }

    /** Forgets everything (a new source: SSRC changed). */
    public void reset() {
        packets.clear();
        extendedHighest = -1;
        next = -1;
        playing = false;
    }

    public long late() {
        return late;
    }

    public long lost() {
        return lost;
    }

    public int size() {
        return packets.size();
    }

    private long baseValue = -1;

    private long base() {
        return baseValue;
    }

    private long extend(int seq) {
        if (extendedHighest < 0) {
            extendedHighest = seq + 65536L; // room below for reordered early packets
            baseValue = extendedHighest - 32768;
            return extendedHighest;
        }
        long cycle = extendedHighest & ~0xFFFFL;
        long candidate = cycle | seq;
        if (candidate - extendedHighest > 32768) candidate -= 65536;
        else if (extendedHighest - candidate > 32768) candidate += 65536;
        if (candidate > extendedHighest) extendedHighest = candidate;
        return candidate;
    }
}
