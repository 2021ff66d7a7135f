package dev.cti.gateway.media.rtp;

import java.util.function.LongSupplier;

/**
 * Keeps the RTP stream a leg sends as ONE stream, whatever feeds it.
 *
 * <p>Policy (docs/MEDIA.md, "SSRC and sequence policy"): every leg sends with its own SSRC, chosen
 * once at random. Packets from a source (the bridged leg, the prompt player, later a mixer) get
 * {@code seq + seqOffset} and {@code ts + tsOffset}, so gaps and reordering in a source pass through
 * unchanged and the receiver still sees loss. When the source changes, or the same source changes
 * its SSRC, the offsets are recomputed so that the next packet has sequence number last+1 and a
 * timestamp advanced by the wall-clock time since the last packet sent (at least one 20 ms frame),
 * and it carries the marker bit. Phones never see an SSRC change, so none of them resets its jitter
 * buffer or drops the "new" stream. Used on one event loop only.
 */
public final class RtpStreamRewriter {

    /** 20 ms at 8 kHz. */
    public static final int SAMPLES_PER_FRAME = 160;

    private static final long NANOS_PER_SAMPLE = 125_000; // 1 s / 8000

    private final long ssrc;
    private final int initialSequence;
    private final long initialTimestamp;
    private final LongSupplier nanoTime;

    private boolean started;
    private int lastSequence;
    private long lastTimestamp;
    private long lastSendNanos;
    private Object source;
    private long sourceSsrc;
    private int sequenceOffset;
    private long timestampOffset;

    /**
     * @param ssrc             the SSRC of everything this stream sends
     * @param initialSequence  sequence number of the first packet (random, RFC 3550 §5.1)
     * @param initialTimestamp timestamp of the first packet (random)
     * @param nanoTime         monotonic clock, {@code System::nanoTime} outside tests
     */
    public RtpStreamRewriter(long ssrc, int initialSequence, long initialTimestamp, LongSupplier nanoTime) {
        this.ssrc = ssrc & 0xFFFFFFFFL;
        this.initialSequence = initialSequence & 0xFFFF;
        this.initialTimestamp = initialTimestamp & 0xFFFFFFFFL;
        this.nanoTime = nanoTime;
    }

    /**
     * Rewrites SSRC, sequence number and timestamp of {@code packet} (sent by {@code from}) in place.
     *
     * @return whether this packet starts a new source (it was given the marker bit)
     */
    public boolean rewrite(Object from, RtpPacket packet) {
        long now = nanoTime.getAsLong();
        boolean switched = from != source || packet.ssrc() != sourceSsrc || !started;
        if (switched) {
            int nextSequence;
            long nextTimestamp;
            if (started) {
                nextSequence = lastSequence + 1;
                long elapsed = Math.max(SAMPLES_PER_FRAME, (now - lastSendNanos) / NANOS_PER_SAMPLE);
                nextTimestamp = lastTimestamp + elapsed;
            } else {
                nextSequence = initialSequence;
                nextTimestamp = initialTimestamp;
            }
            sequenceOffset = nextSequence - packet.sequenceNumber();
            timestampOffset = nextTimestamp - packet.timestamp();
            source = from;
            sourceSsrc = packet.ssrc();
        }
        int outSequence = (packet.sequenceNumber() + sequenceOffset) & 0xFFFF;
        long outTimestamp = (packet.timestamp() + timestampOffset) & 0xFFFFFFFFL;
        packet.setSsrc(ssrc);
        packet.setSequenceNumber(outSequence);
        packet.setTimestamp(outTimestamp);
        if (switched) {
            packet.setMarker(true);
        }
        if (!started || RtpSequenceNumber.delta(outSequence, lastSequence) > 0) {
            lastSequence = outSequence;
        }
        if (!started || RtpTimestamp.delta(outTimestamp, lastTimestamp) > 0) {
            lastTimestamp = outTimestamp;
        }
        started = true;
        lastSendNanos = now;
        return switched;
    }

    public long ssrc() {
        return ssrc;
    }
}
