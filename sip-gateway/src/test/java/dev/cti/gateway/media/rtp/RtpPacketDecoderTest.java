package dev.cti.gateway.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtpPacketDecoderTest {

    private static final InetSocketAddress PHONE = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 30000);

    private final List<String> invalid = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new RtpPacketDecoder(invalid::add));

    @Test
    void framesAValidPacketAndParsesItsHeader() {
        ByteBuf datagram = RtpTestPackets.buf(8, true, 65535, 0xFFFFFFF0L, 0xCAFEBABEL, new byte[160]);
        channel.writeInbound(new DatagramPacket(datagram, LOCAL, PHONE));
        RtpPacket packet = channel.readInbound();
        assertThat(packet.payloadType()).isEqualTo(8);
        assertThat(packet.marker()).isTrue();
        assertThat(packet.sequenceNumber()).isEqualTo(65535);
        assertThat(packet.timestamp()).isEqualTo(0xFFFFFFF0L);
        assertThat(packet.ssrc()).isEqualTo(0xCAFEBABEL);
        assertThat(packet.payloadLength()).isEqualTo(160);
        assertThat(packet.sender()).isEqualTo(PHONE);
        assertThat(packet.release()).isTrue();
        assertThat(datagram.refCnt()).isZero();
        assertThat(invalid).isEmpty();
    }

    @Test
    void skipsCsrcsExtensionAndPadding() {
        // V=2, P=1, X=1, CC=1; one CSRC; extension of 1 word; 2 payload bytes; 2 padding bytes
        ByteBuf b = Unpooled.buffer();
        b.writeByte(0x80 | 0x20 | 0x10 | 1).writeByte(0).writeShort(7).writeInt(160).writeInt(1);
        b.writeInt(0x11111111);
        b.writeShort(0xBEDE).writeShort(1).writeInt(0);
        b.writeByte(0x55).writeByte(0x66).writeByte(0).writeByte(2);
        channel.writeInbound(new DatagramPacket(b, LOCAL, PHONE));
        RtpPacket packet = channel.readInbound();
        assertThat(packet.payloadOffset()).isEqualTo(12 + 4 + 8);
        assertThat(packet.payloadLength()).isEqualTo(2);
        assertThat(packet.content().getByte(packet.payloadIndex(0))).isEqualTo((byte) 0x55);
        packet.release();
        assertThat(b.refCnt()).isZero();
    }

    @Test
    void dropsAndReleasesMalformedDatagrams() {
        List<ByteBuf> bad = List.of(
                Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 0, 0}),                       // too short
                Unpooled.wrappedBuffer(RtpTestPackets.bytes(0, false, 1, 1, 1, new byte[0])).setByte(0, 0x40), // version 1
                Unpooled.wrappedBuffer(new byte[] {(byte) 0x8F, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1}), // 15 CSRCs missing
                Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, (byte) 200, 0, 6, 0, 0, 0, 1, 0, 0, 0, 1}), // RTCP SR
                Unpooled.wrappedBuffer(new byte[] {(byte) 0xA0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 9, 9, 40})); // padding > size
        for (ByteBuf b : bad) {
            channel.writeInbound(new DatagramPacket(b, LOCAL, PHONE));
        }
        Object next = channel.readInbound();
        assertThat(next).isNull();
        assertThat(invalid).hasSize(5);
        assertThat(invalid.get(1)).contains("version 1");
        assertThat(invalid.get(3)).contains("RTCP");
        assertThat(bad).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void anSrtpDecoderFramesThePlainPacketWithPaddingAndReleasesWhatFails() {
        var random = new java.util.Random(9);
        var peer = dev.cti.protocol.srtp.SrtpKey.random(random);
        var ours = dev.cti.protocol.srtp.SrtpKey.random(random);
        var suite = dev.cti.protocol.srtp.SrtpSuite.AES_CM_128_HMAC_SHA1_32;
        var sender = dev.cti.gateway.media.srtp.SrtpSession.of(new dev.cti.protocol.srtp.SrtpKeys(suite, peer, ours));
        List<dev.cti.gateway.media.srtp.SrtpSession.Verdict> refused = new ArrayList<>();
        RtpPacketDecoder decoder = new RtpPacketDecoder(invalid::add, refused::add);
        decoder.srtp(dev.cti.gateway.media.srtp.SrtpSession.of(new dev.cti.protocol.srtp.SrtpKeys(suite, ours, peer)));
        EmbeddedChannel srtp = new EmbeddedChannel(decoder);

        // padding is inside the encrypted part: framed correctly only after decryption
        ByteBuf padded = Unpooled.buffer();
        padded.writeByte(0x80 | 0x20).writeByte(0).writeShort(7).writeInt(160).writeInt(0x1234);
        padded.writeByte(0x55).writeByte(0x66).writeByte(0).writeByte(0).writeByte(0).writeByte(4);
        assertThat(sender.protect(padded)).isTrue();
        ByteBuf replay = padded.copy();
        srtp.writeInbound(new DatagramPacket(padded, LOCAL, PHONE));
        RtpPacket packet = srtp.readInbound();
        assertThat(packet.payloadLength()).isEqualTo(2);
        assertThat(packet.content().getByte(packet.payloadIndex(1))).isEqualTo((byte) 0x66);
        packet.release();
        assertThat(padded.refCnt()).isZero();

        ByteBuf plainRtp = RtpTestPackets.buf(0, false, 8, 320, 0x1234, new byte[160]);
        srtp.writeInbound(new DatagramPacket(plainRtp, LOCAL, PHONE));
        srtp.writeInbound(new DatagramPacket(replay, LOCAL, PHONE));
        ByteBuf rtcp = Unpooled.wrappedBuffer(RtpTestPackets.bytes(0, false, 1, 1, 1, new byte[8])).setByte(1, 200);
        srtp.writeInbound(new DatagramPacket(rtcp, LOCAL, PHONE));
        assertThat((Object) srtp.readInbound()).isNull();
        assertThat(refused).containsExactly(dev.cti.gateway.media.srtp.SrtpSession.Verdict.AUTH_FAILED,
                dev.cti.gateway.media.srtp.SrtpSession.Verdict.REPLAYED);
        assertThat(invalid).containsExactly("RTCP packet (type 200) on the RTP port");
        assertThat(plainRtp.refCnt()).isZero();
        assertThat(replay.refCnt()).isZero();
        assertThat(rtcp.refCnt()).isZero();
    }
}
