package dev.cti.gateway.media.dtmf;

import dev.cti.gateway.media.rtp.RtpPacket;
import dev.cti.protocol.rtp.TelephoneEvents;

/**
 * The payload of an RFC 4733 telephone-event packet (§2.3): event code, end bit, volume, duration.
 *
 * @param event    0-9, 10 = *, 11 = #, 12-15 = A-D, 16 = flash
 * @param end      the E bit: the event has ended (sent three times)
 * @param volume   0..63, in -dBm0
 * @param duration in timestamp units since the event's RTP timestamp
 */
public record TelephoneEvent(int event, boolean end, int volume, int duration) {

    /** Payload length of one event. */
    public static final int LENGTH = 4;

    /** Reads the event from {@code packet}'s payload, or {@code null} if it is shorter than 4 bytes. */
    public static TelephoneEvent parse(RtpPacket packet) {
        if (packet.payloadLength() < LENGTH) {
            return null;
        }
        var buf = packet.content();
        int at = packet.payloadIndex(0);
        int flags = buf.getUnsignedByte(at + 1);
        return new TelephoneEvent(buf.getUnsignedByte(at), (flags & 0x80) != 0, flags & 0x3F, buf.getUnsignedShort(at + 2));
    }

    /** The 4 payload bytes of this event. */
    public byte[] toBytes() {
        return new byte[] {(byte) event, (byte) ((end ? 0x80 : 0) | (volume & 0x3F)), (byte) (duration >> 8), (byte) duration};
    }

    /** The DTMF digit ('0'-'9', '*', '#', 'A'-'D'), or {@code '?'} for other events (flash...). */
    public char digit() {
        return TelephoneEvents.digit(event);
    }

    /** Whether the event is a DTMF key. */
    public boolean isDtmf() {
        return TelephoneEvents.isDtmf(event);
    }
}
