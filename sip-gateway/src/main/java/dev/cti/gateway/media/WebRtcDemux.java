package dev.cti.gateway.media;

import dev.cti.gateway.media.dtls.DtlsSrtpHandshake;
import dev.cti.gateway.media.ice.IceLiteResponder;
import dev.cti.gateway.media.ice.StunException;
import dev.cti.gateway.media.ice.StunMessage;
import dev.cti.protocol.rtp.RtpHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of a DTLS-SRTP leg's socket: sorts each datagram by its first byte (RFC 7983 §7): 0..3 STUN,
 * answered here by the leg's {@link IceLiteResponder}; 20..63 DTLS, handed to the leg's {@link DtlsSrtpHandshake}
 * (which runs off the loop, and after the keys lingers to answer a retransmitted final flight until the peer sends
 * media); 128..191 RTP, passed on to the SRTP decoder, except RTCP multiplexed on the port
 * (rtcp-mux), released like RTCP on the odd port of other legs. Anything else is dropped as invalid. Every refusal
 * is counted ({@link DropReason}).
 *
 * <p>Also remembers where the peer's checks and DTLS records come from: the DTLS handshake writes there.
 */
final class WebRtcDemux extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(WebRtcDemux.class);

    private final io.netty.channel.Channel channel;
    private final IceLiteResponder responder;
    private DtlsSrtpHandshake handshake;
    private final MediaMetrics metrics;
    private volatile InetSocketAddress peer;

    WebRtcDemux(io.netty.channel.Channel channel, IceLiteResponder responder, MediaMetrics metrics,
                InetSocketAddress initialPeer) {
        this.channel = channel;
        this.responder = responder;
        this.metrics = metrics;
        this.peer = initialPeer;
    }

    /** The handshake DTLS records go to; set once, before the handler is in the pipeline. */
    void handshake(DtlsSrtpHandshake handshake) {
        this.handshake = handshake;
    }

    /** Where the peer's STUN checks or DTLS records last came from (else its SDP address), or null. */
    InetSocketAddress peer() {
        return peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket p)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf content = p.content();
        if (!content.isReadable()) {
            p.release();
            metrics.dropped(DropReason.INVALID);
            return;
        }
        int b0 = content.getUnsignedByte(content.readerIndex());
        if (b0 >= 128 && b0 <= 191) {
            handshake.mediaFromPeer(); // the peer has its keys: it got our last DTLS flight
            if (content.readableBytes() >= 2 && RtpHeader.isRtcp(content.getUnsignedByte(content.readerIndex() + 1) & 0x7F)) {
                p.release(); // SRTCP on the RTP port (rtcp-mux): not interpreted, like RTCP on other legs
                return;
            }
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (StunMessage.isStun(b0)) {
                stun(ctx, ByteBufUtil.getBytes(content), p.sender());
            } else if (b0 >= 20 && b0 <= 63) {
                if (handshake.receive(ByteBufUtil.getBytes(content))) {
                    peer = p.sender();
                } else {
                    metrics.dropped(DropReason.DTLS_DROPPED);
                }
            } else {
                metrics.dropped(DropReason.INVALID);
            }
        } finally {
            p.release();
        }
    }

    private void stun(ChannelHandlerContext ctx, byte[] request, InetSocketAddress sender) {
        try {
            byte[] response = responder.answer(request, sender);
            peer = sender;
            ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(response), sender));
        } catch (StunException e) {
            metrics.dropped(DropReason.STUN_REFUSED);
            LOG.debug("STUN from {} not answered: {}", sender, e.getMessage());
        }
    }

    /** Writes one DTLS datagram of the handshake to the peer; any thread. */
    void sendDtls(byte[] datagram) {
        InetSocketAddress to = peer;
        if (to != null) {
            channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(datagram), to));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        handshake.close();
        ctx.fireChannelInactive();
    }
}
