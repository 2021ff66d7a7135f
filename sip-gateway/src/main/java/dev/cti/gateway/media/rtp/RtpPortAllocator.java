package dev.cti.gateway.media.rtp;

import java.util.BitSet;
import java.util.OptionalInt;

/**
 * Hands out RTP ports from {@code portMin..portMax}: always even, with the odd port above reserved
 * for RTCP (RFC 3550 §11), so a pair is taken only if both numbers are in the range.
 *
 * <p>Allocation moves round the range from where the last one stopped, so a port just released is
 * the last to be reused (late packets of an old call do not land in a new one). Thread-safe; not on
 * the packet path.
 */
public final class RtpPortAllocator {

    private final int first;
    private final int pairs;
    private final BitSet used;
    private int cursor;

    public RtpPortAllocator(int portMin, int portMax) {
        if (portMin < 1 || portMax > 65535 || portMin > portMax) {
            throw new IllegalArgumentException("bad RTP port range " + portMin + ".." + portMax);
        }
        this.first = portMin + (portMin & 1);
        this.pairs = first + 1 <= portMax ? (portMax - first + 1) / 2 : 0;
        if (pairs == 0) {
            throw new IllegalArgumentException("RTP port range " + portMin + ".." + portMax
                    + " holds no even/odd RTP/RTCP pair");
        }
        this.used = new BitSet(pairs);
    }

    /** An even RTP port whose RTCP port (+1) is reserved with it, or empty when all are taken. */
    public synchronized OptionalInt allocate() {
        int free = used.nextClearBit(cursor);
        if (free >= pairs) {
            free = used.nextClearBit(0);
            if (free >= pairs) {
                return OptionalInt.empty();
            }
        }
        used.set(free);
        cursor = (free + 1) % pairs;
        return OptionalInt.of(first + 2 * free);
    }

    /** Gives back the pair of {@code rtpPort}; unknown or free ports are ignored. */
    public synchronized void release(int rtpPort) {
        int index = (rtpPort - first) / 2;
        if (rtpPort >= first && (rtpPort - first) % 2 == 0 && index < pairs) {
            used.clear(index);
        }
    }

    /** Number of RTP/RTCP pairs the range holds. */
    public int capacity() {
        return pairs;
    }

    public synchronized int inUse() {
        return used.cardinality();
    }
}
