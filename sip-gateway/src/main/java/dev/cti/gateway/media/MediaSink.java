package dev.cti.gateway.media;

import dev.cti.gateway.media.rtp.RtpPacket;

/**
 * Where a leg's inbound RTP goes. By default a direct relay to the bridged leg (or a discard when
 * not bridged); a mixer (supervisor listen/whisper/barge, recording) replaces it on the legs it
 * serves with {@link MediaEngine#attachSink}, so calls without one pay nothing for it.
 *
 * <p>Called on the receiving leg's event loop; must not block. The sink owns {@code packet}: it
 * passes it on or releases it.
 */
@FunctionalInterface
public interface MediaSink {

    void onPacket(MediaLeg from, RtpPacket packet);

    /** Releases every packet: the sink of a leg that is not bridged. */
    MediaSink DISCARD = (from, packet) -> packet.release();
}
