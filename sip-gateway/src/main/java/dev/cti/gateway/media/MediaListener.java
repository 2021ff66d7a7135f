package dev.cti.gateway.media;

import java.time.Duration;

/**
 * What the media layer tells the B2BUA. Called on a Netty event loop: implementations must return
 * quickly and never block (hand work to their own executor or Vert.x context).
 */
public interface MediaListener {

    /** A key was pressed on {@code leg} (RFC 4733), reported once per key press. */
    default void onDtmf(MediaLeg leg, char digit) {}

    /** {@code leg} has received no RTP for {@code silentFor} (NetworkConfig.Rtp.inactivitySeconds). */
    default void onInactive(MediaLeg leg, Duration silentFor) {}

    /** A listener that ignores everything. */
    MediaListener NONE = new MediaListener() {};
}
