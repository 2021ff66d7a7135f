package dev.cti.gateway.media.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;

/** Builds raw RTP datagrams for tests. */
public final class RtpTestPackets {

    private RtpTestPackets() {}

    public static byte[] bytes(int pt, boolean marker, int seq, long ts, long ssrc, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
        b.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | pt)).putShort((short) seq).putInt((int) ts).putInt((int) ssrc).put(payload);
        return b.array();
    }

    public static ByteBuf buf(int pt, boolean marker, int seq, long ts, long ssrc, byte[] payload) {
        return Unpooled.wrappedBuffer(bytes(pt, marker, seq, ts, ssrc, payload));
    }

    /** A decoded packet over a fresh buffer, as the decoder would produce it. */
    public static RtpPacket packet(int pt, int seq, long ts, long ssrc, byte[] payload) {
        ByteBuf buf = buf(pt, false, seq, ts, ssrc, payload);
        return new RtpPacket(buf, null, RtpPacket.FIXED_HEADER_LENGTH, payload.length);
    }
}
