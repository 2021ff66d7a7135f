package dev.cti.gateway.media.rtp;

import dev.cti.gateway.media.srtp.SrtpSession;
import dev.cti.protocol.rtp.RtpHeader;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import java.util.function.Consumer;

/**
 * Frames a UDP datagram as an {@link RtpPacket}: checks version 2, the CSRC count, the header
 * extension and the padding against the datagram's length, and nothing else.
 *
 * <p>Malformed datagrams (and RTCP sent to the RTP port) are released, reported to
 * {@code onInvalid} with the reason (so they are counted) and never reach the relay.
 *
 * <p>On an SRTP leg ({@link #srtp(SrtpSession)}) the datagram is authenticated and decrypted in place first, so the
 * framing (padding is inside the encrypted part) and everything after it see plain RTP; a datagram that fails is
 * released and reported to {@code onSrtpRefused}. A plain leg pays one volatile read for this.
 */
public final class RtpPacketDecoder extends MessageToMessageDecoder<DatagramPacket> {

    private final Consumer<String> onInvalid;
    private final Consumer<SrtpSession.Verdict> onSrtpRefused;
    private volatile SrtpSession srtp;

    /** @param onInvalid told the reason for each dropped datagram; runs on the event loop */
    public RtpPacketDecoder(Consumer<String> onInvalid) {
        this(onInvalid, verdict -> onInvalid.accept("SRTP " + verdict));
    }

    /**
     * @param onInvalid     told the reason for each malformed datagram; runs on the event loop
     * @param onSrtpRefused told why an SRTP datagram was refused (authentication, replay); runs on the event loop
     */
    public RtpPacketDecoder(Consumer<String> onInvalid, Consumer<SrtpSession.Verdict> onSrtpRefused) {
        super(DatagramPacket.class);
        this.onInvalid = onInvalid;
        this.onSrtpRefused = onSrtpRefused;
    }

    /** Makes the leg SRTP (null: plain RTP again); any thread, effective for the next datagram. */
    public void srtp(SrtpSession session) {
        srtp = session;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket msg, List<Object> out) {
        ByteBuf buf = msg.content();
        SrtpSession s = srtp;
        if (s != null) {
            String notRtp = validateFixedHeader(buf);
            if (notRtp != null) {
                onInvalid.accept(notRtp);
                return;
            }
            SrtpSession.Verdict verdict = s.unprotect(buf);
            if (verdict != SrtpSession.Verdict.OK) {
                onSrtpRefused.accept(verdict);
                return; // the superclass releases msg
            }
        }
        String problem = validate(buf);
        if (problem != null) {
            onInvalid.accept(problem);
            return; // the superclass releases msg
        }
        int base = buf.readerIndex();
        int b0 = buf.getUnsignedByte(base);
        int headerLength = RtpPacket.FIXED_HEADER_LENGTH + 4 * (b0 & 0x0F);
        if ((b0 & 0x10) != 0) {
            headerLength += 4 + 4 * buf.getUnsignedShort(base + headerLength + 2);
        }
        int padding = (b0 & 0x20) != 0 ? buf.getUnsignedByte(base + buf.readableBytes() - 1) : 0;
        int payloadLength = buf.readableBytes() - headerLength - padding;
        out.add(new RtpPacket(buf.retain(), msg.sender(), headerLength, payloadLength));
    }

    /** The reason {@code buf} does not even start like an RTP packet (length, version, RTCP), or null. */
    static String validateFixedHeader(ByteBuf buf) {
        int length = buf.readableBytes();
        int base = buf.readerIndex();
        if (length < RtpPacket.FIXED_HEADER_LENGTH) {
            return "datagram of " + length + " bytes is shorter than an RTP header";
        }
        int b0 = buf.getUnsignedByte(base);
        if (RtpHeader.version(b0) != RtpHeader.VERSION) {
            return "RTP version " + (b0 >> 6) + " at byte 0 (expected 2)";
        }
        int pt = buf.getUnsignedByte(base + 1) & 0x7F;
        if (RtpHeader.isRtcp(pt)) {
            return "RTCP packet (type " + (pt + 128) + ") on the RTP port";
        }
        return null;
    }

    /** The reason {@code buf} is not an RTP packet, or {@code null} if it is one. */
    static String validate(ByteBuf buf) {
        String fixed = validateFixedHeader(buf);
        if (fixed != null) {
            return fixed;
        }
        int length = buf.readableBytes();
        int base = buf.readerIndex();
        int b0 = buf.getUnsignedByte(base);
        int headerLength = RtpPacket.FIXED_HEADER_LENGTH + 4 * (b0 & 0x0F);
        if ((b0 & 0x10) != 0) {
            if (length < headerLength + 4) {
                return "header extension flag set but datagram ends at byte " + length;
            }
            headerLength += 4 + 4 * buf.getUnsignedShort(base + headerLength + 2);
        }
        if (headerLength > length) {
            return "header of " + headerLength + " bytes (CSRCs/extension) exceeds the datagram's " + length;
        }
        if ((b0 & 0x20) != 0) {
            int padding = buf.getUnsignedByte(base + length - 1);
            if (padding == 0 || headerLength + padding > length) {
                return "padding count " + padding + " in the last byte does not fit the datagram";
            }
        }
        return null;
    }
}
