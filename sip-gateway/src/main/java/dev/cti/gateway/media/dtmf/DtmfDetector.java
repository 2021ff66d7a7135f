package dev.cti.gateway.media.dtmf;

/**
 * Turns the packets of an RFC 4733 telephone-event stream into one report per key press.
 *
 * <p>An event is identified by its SSRC and RTP timestamp (all its packets, including the three
 * end-bit retransmissions, carry the event's start timestamp, RFC 4733 §2.5.1.3). It is reported
 * when its first end packet arrives; the other end packets are duplicates and ignored. If every end
 * packet was lost, the event is reported when the next event starts. Used on one event loop only.
 */
public final class DtmfDetector {

    private boolean pending;
    private long pendingSsrc;
    private long pendingTimestamp;
    private int pendingEvent;
    private boolean reported;
    private long reportedSsrc;
    private long reportedTimestamp;

    /**
     * Records one telephone-event packet.
     *
     * @return the event to report now (a digit was pressed), or {@code null}
     */
    public TelephoneEvent onPacket(long ssrc, long timestamp, TelephoneEvent event) {
        if (reported && ssrc == reportedSsrc && timestamp == reportedTimestamp) {
            return null; // retransmitted end packet, or a late packet of a finished event
        }
        TelephoneEvent unended = null;
        if (pending && (ssrc != pendingSsrc || timestamp != pendingTimestamp)) {
            unended = new TelephoneEvent(pendingEvent, true, 0, 0);
            markReported(pendingSsrc, pendingTimestamp);
        }
        if (event.end()) {
            pending = false;
            markReported(ssrc, timestamp);
            return event; // an unended previous event is dropped only if two end at once: acceptable
        }
        pending = true;
        pendingSsrc = ssrc;
        pendingTimestamp = timestamp;
        pendingEvent = event.event();
        return unended;
    }

    private void markReported(long ssrc, long timestamp) {
        reported = true;
        reportedSsrc = ssrc;
        reportedTimestamp = timestamp;
    }
}
