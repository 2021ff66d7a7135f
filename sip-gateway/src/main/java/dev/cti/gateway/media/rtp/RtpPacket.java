package dev.cti.gateway.media.rtp;

import dev.cti.protocol.rtp.RtpHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import java.net.InetSocketAddress;

/**
 * One received or generated RTP packet (RFC 3550 §5.1): the whole datagram in {@link #content()} plus
 * its parsed fixed header.
 *
 * <p>Exists so the relay rewrites SSRC, sequence number, timestamp, marker and payload type in place
 * in the received buffer, with no copy. The setters write both the field and the buffer. Reference
 * counted: whoever holds it last releases it.
 */
public final class RtpPacket extends DefaultByteBufHolder {

    /** Size of the fixed header without CSRCs. */
    public static final int FIXED_HEADER_LENGTH = RtpHeader.FIXED_LENGTH;

    private final InetSocketAddress sender;
    private int payloadType;
    private boolean marker;
    private int sequenceNumber;
    private long timestamp;
    private long ssrc;
    private final int payloadOffset;
    private final int payloadLength;

    RtpPacket(ByteBuf datagram, InetSocketAddress sender, int payloadOffset, int payloadLength) {
        super(datagram);
        this.sender = sender;
        int base = datagram.readerIndex();
        this.marker = (datagram.getByte(base + 1) & 0x80) != 0;
        this.payloadType = datagram.getByte(base + 1) & 0x7F;
        this.sequenceNumber = datagram.getUnsignedShort(base + 2);
        this.timestamp = datagram.getUnsignedInt(base + 4);
        this.ssrc = datagram.getUnsignedInt(base + 8);
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
    }

    /**
     * Writes a new packet with a fixed header and {@code payload} into a buffer from {@code alloc}.
     */
    public static RtpPacket create(io.netty.buffer.ByteBufAllocator alloc, int payloadType, boolean marker,
                                   int sequenceNumber, long timestamp, long ssrc, byte[] payload, int offset, int length) {
        ByteBuf buf = alloc.buffer(FIXED_HEADER_LENGTH + length);
        buf.writeByte(RtpHeader.FIRST_BYTE);
        buf.writeByte(RtpHeader.secondByte(payloadType, marker));
        buf.writeShort(sequenceNumber);
        buf.writeInt((int) timestamp);
        buf.writeInt((int) ssrc);
        buf.writeBytes(payload, offset, length);
        return new RtpPacket(buf, null, FIXED_HEADER_LENGTH, length);
    }

    /** Where it came from; {@code null} for packets the gateway generated. */
    public InetSocketAddress sender() {
        return sender;
    }

    public int payloadType() {
        return payloadType;
    }

    public boolean marker() {
        return marker;
    }

    public int sequenceNumber() {
        return sequenceNumber;
    }

    public long timestamp() {
        return timestamp;
    }

    public long ssrc() {
        return ssrc;
    }

    /** Offset of the payload from the buffer's reader index (after CSRCs and header extension). */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** Payload length without padding. */
    public int payloadLength() {
        return payloadLength;
    }

    /** Absolute index of payload byte {@code i} in {@link #content()}. */
    public int payloadIndex(int i) {
        return content().readerIndex() + payloadOffset + i;
    }

    public void setPayloadType(int payloadType) {
        this.payloadType = payloadType & 0x7F;
        int at = content().readerIndex() + 1;
        content().setByte(at, (content().getByte(at) & 0x80) | this.payloadType);
    }

    public void setMarker(boolean marker) {
        this.marker = marker;
        int at = content().readerIndex() + 1;
        content().setByte(at, (content().getByte(at) & 0x7F) | (marker ? 0x80 : 0));
    }

    public void setSequenceNumber(int sequenceNumber) {
        this.sequenceNumber = sequenceNumber & 0xFFFF;
        content().setShort(content().readerIndex() + 2, this.sequenceNumber);
    }

    public void setTimestamp(long timestamp) {
        this.timestamp = timestamp & 0xFFFFFFFFL;
        content().setInt(content().readerIndex() + 4, (int) this.timestamp);
    }

    public void setSsrc(long ssrc) {
        this.ssrc = ssrc & 0xFFFFFFFFL;
        content().setInt(content().readerIndex() + 8, (int) this.ssrc);
    }

    @Override
    public RtpPacket retain() {
        super.retain();
        return this;
    }

    @Override
    public RtpPacket touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "RtpPacket[pt=" + payloadType + ", seq=" + sequenceNumber + ", ts=" + timestamp
                + ", ssrc=" + Long.toHexString(ssrc) + (marker ? ", M" : "") + ", payload=" + payloadLength + "]";
    }
}
