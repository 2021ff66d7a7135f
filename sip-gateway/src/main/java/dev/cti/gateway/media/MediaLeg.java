package dev.cti.gateway.media;

import dev.cti.protocol.audio.G711;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * One RTP endpoint of a call on the gateway: a local UDP port pair towards one phone or trunk.
 *
 * <p>Exists so the B2BUA holds a handle per SIP dialog's media: it puts {@link #localPort()} in its
 * SDP, passes the peer's SDP to {@link #configure}, then bridges or plays through {@link MediaEngine}.
 */
public interface MediaLeg {

    /** Unique per engine, for logs and correlation. */
    long id();

    /** The local address RTP is received on (RTCP is on port + 1). */
    InetSocketAddress localAddress();

    default int localPort() {
        return localAddress().getPort();
    }

    /**
     * Applies the peer's SDP (initial answer or re-INVITE): target, law, telephone-event type,
     * direction, and the host its signalling comes from. Media is accepted only from the SDP address
     * or that host, latched onto the first such source and its SSRC pinned (docs/MEDIA.md, "Latching");
     * a new target or signalling host starts latching over, the same one unpins the SSRC. Inactivity
     * detection is (re)armed unless the peer wrote {@code inactive} or {@code recvonly} (on hold it
     * sends nothing).
     */
    void configure(RemoteMedia remote);

    /**
     * Makes this leg SRTP-only from now on, before its keys are known: until a {@link #configure} with
     * {@link RemoteMedia#srtp()} keys it drops every packet both ways. Call it before an SDP with {@code RTP/SAVP}
     * leaves, so no plain packet of the peer is ever accepted and none of ours ever sent. A leg stays SRTP-only for
     * its life (a later SDP without keys does not make it plain again).
     */
    void requireSrtp();

    /** Whether the leg's media is SRTP (keyed or awaiting its keys). */
    boolean srtp();

    /** The last {@link #configure configured} peer media, if any. */
    Optional<RemoteMedia> remote();

    /** Where packets go now: the latched source of the peer's packets, else the SDP address. */
    Optional<InetSocketAddress> sendTarget();

    /** The law this leg sends in (PCMU until configured). */
    G711 codec();

    /** The event loop this leg's socket and timers run on. */
    EventLoop eventLoop();

    /** Packets received and accepted, sent, and found lost (sequence gaps) so far. */
    LegStats stats();

    /** Counters of one leg. */
    record LegStats(long received, long sent, long lost) {}
}
