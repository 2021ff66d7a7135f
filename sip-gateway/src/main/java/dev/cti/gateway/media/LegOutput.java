package dev.cti.gateway.media;

import dev.cti.gateway.media.rtp.RtpPacket;
import io.netty.buffer.ByteBufAllocator;

/**
 * A leg's outbound stream fed by something other than the relay or the prompt player: the supervisor
 * mixer ({@code dev.cti.gateway.media.mix}). Obtained from {@link MediaEngine#attachOutput}.
 *
 * <p>Exists so such a component sends through the leg's own {@code RtpStreamRewriter} (one SSRC,
 * continuous sequence numbers and timestamps, marker at each change of source) without reaching
 * into the leg. A prompt played to the leg still takes precedence; when it ends the leg goes back to
 * this output, not to its bridged peer.
 */
public interface LegOutput {

    /** The leg this output feeds. */
    MediaLeg leg();

    /** Allocator of the leg's channel, for the packets given to {@link #send}. */
    ByteBufAllocator alloc();

    /**
     * Sends one G.711 packet (any SSRC, sequence number and timestamp of the caller's own numbering;
     * the leg rewrites them). Dropped unless this output is what the leg sends now (a prompt may be
     * playing, or the output was detached). Takes ownership of the packet; any thread.
     */
    void send(RtpPacket packet);
}
