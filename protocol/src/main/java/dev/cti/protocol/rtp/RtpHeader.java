package dev.cti.protocol.rtp;

/**
 * The values of the RTP fixed header (RFC 3550 §5.1) that every part reads and writes: the gateway's Netty
 * decoder and packet ({@code ByteBuf}), the softphone's session ({@code ByteBuffer}), the load generators. Only
 * numbers and pure checks on them, so each keeps its own buffer type.
 *
 * <pre>
 *  byte 0: V(2) P(1) X(1) CC(4)   byte 1: M(1) PT(7)   bytes 2-3: sequence   4-7: timestamp   8-11: SSRC
 * </pre>
 */
public final class RtpHeader {

    /** Size of the fixed header without CSRCs. */
    public static final int FIXED_LENGTH = 12;

    /** The only version there is. */
    public static final int VERSION = 2;

    /** Byte 0 of a packet we write: version 2, no padding, no extension, no CSRC. */
    public static final int FIRST_BYTE = VERSION << 6;

    /** Byte 0: the padding flag (the last byte counts the padding). */
    public static final int PADDING_BIT = 0x20;

    /** Byte 0: the header-extension flag. */
    public static final int EXTENSION_BIT = 0x10;

    /** Byte 0: the CSRC count (4 bytes each after the fixed header). */
    public static final int CSRC_COUNT_MASK = 0x0F;

    /** Byte 1: the marker bit. */
    public static final int MARKER_BIT = 0x80;

    /** Byte 1: the payload type. */
    public static final int PAYLOAD_TYPE_MASK = 0x7F;

    private RtpHeader() {}

    /** The version field of byte 0. */
    public static int version(int firstByte) {
        return (firstByte & 0xFF) >> 6;
    }

    /** Byte 1 for a payload type and marker. */
    public static int secondByte(int payloadType, boolean marker) {
        return (marker ? MARKER_BIT : 0) | (payloadType & PAYLOAD_TYPE_MASK);
    }

    /**
     * Whether the 7 bits where RTP carries its payload type hold 72..76, i.e. the packet is RTCP (SR, RR, SDES,
     * BYE, APP: 200..204) sent to the RTP port (RFC 5761 §4): never audio.
     */
    public static boolean isRtcp(int payloadType) {
        return payloadType >= 72 && payloadType <= 76;
    }
}
