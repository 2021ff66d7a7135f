package dev.cti.gateway.media;

import dev.cti.gateway.media.rtp.RtpPacket;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last inbound handler of a leg's pipeline: hands each {@link RtpPacket} to its {@link RtpLeg}
 * (which passes it to the leg's {@link MediaSink} or releases it). Does nothing else.
 */
final class RtpLegHandler extends SimpleChannelInboundHandler<RtpPacket> {

    private static final Logger LOG = LoggerFactory.getLogger(RtpLegHandler.class);

    private final RtpLeg leg;

    RtpLegHandler(RtpLeg leg) {
        super(RtpPacket.class, false); // ownership goes to the leg
        this.leg = leg;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RtpPacket packet) {
        leg.receive(packet);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port unreachable from a phone that went away surfaces here: log, keep the leg.
        LOG.debug("{}: {}", leg, cause.toString());
    }
}
