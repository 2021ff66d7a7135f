package dev.cti.gateway.media.rtp;

/**
 * Counts packets lost on one inbound stream from gaps in its sequence numbers.
 *
 * <p>A gap of n after the highest sequence number seen counts n-1 lost; duplicates and late
 * (reordered) packets count nothing, so a reordered packet is counted lost once (a counter cannot go
 * back). A new SSRC or a jump of more than {@value #MAX_DROPOUT} (RFC 3550 A.1's MAX_DROPOUT) starts
 * over without counting. Used on one event loop only.
 */
public final class RtpLossTracker {

    /** Jumps larger than this are a restarted stream, not loss. */
    public static final int MAX_DROPOUT = 3000;

    private boolean started;
    private long ssrc;
    private int highest;
    private long lost;

    /** Records one packet and returns how many were found lost just before it. */
    public int onPacket(long packetSsrc, int sequenceNumber) {
        if (!started || packetSsrc != ssrc) {
            started = true;
            ssrc = packetSsrc;
            highest = sequenceNumber;
            return 0;
        }
        int delta = RtpSequenceNumber.delta(sequenceNumber, highest);
        if (delta <= 0) {
            return 0;
        }
        highest = sequenceNumber;
        if (delta > MAX_DROPOUT) {
            return 0;
        }
        lost += delta - 1;
        return delta - 1;
    }

    public long lost() {
        return lost;
    }
}
