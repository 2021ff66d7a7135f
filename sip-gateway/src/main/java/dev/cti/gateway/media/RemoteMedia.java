package dev.cti.gateway.media;

import dev.cti.gateway.media.sdp.NegotiatedMedia;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.sdp.MediaDirection;
import dev.cti.protocol.srtp.SrtpKeys;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * What a leg knows about its peer from SDP: where to send first, which law to send, the peer's
 * telephone-event payload type and direction; and, from signalling, the host the peer's SIP comes from (media
 * is accepted only from the SDP address or that host, see {@link dev.cti.gateway.media.rtp.SourceLatch}).
 *
 * @param address                   initial RTP target; {@code null} when the SDP has none usable
 *                                  (0.0.0.0 hold, a host name): the leg then waits for the peer's
 *                                  first packet (symmetric RTP)
 * @param codec                     law to send in
 * @param telephoneEventPayloadType the peer's RFC 4733 payload type, -1 if it has none
 * @param direction                 the direction the peer wrote: the leg sends only if it receives
 * @param signallingHost            where the peer's SIP comes from (the INVITE's or the 2xx's packet source):
 *                                  packets from any port of it are the peer's (a phone behind NAT writes a
 *                                  private address in SDP); null when unknown: only {@code address} is
 * @param srtp                      the SDES keys when the media is SRTP (RTP/SAVP on a TLS leg); null for plain RTP
 */
public record RemoteMedia(InetSocketAddress address, G711 codec, int telephoneEventPayloadType, MediaDirection direction,
                          InetAddress signallingHost, SrtpKeys srtp) {

    public RemoteMedia {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(direction, "direction");
    }

    /** Plain RTP signalled from {@code signallingHost}. */
    public RemoteMedia(InetSocketAddress address, G711 codec, int telephoneEventPayloadType, MediaDirection direction,
                       InetAddress signallingHost) {
        this(address, codec, telephoneEventPayloadType, direction, signallingHost, null);
    }

    /** Without a signalling host: media only from {@code address}. */
    public RemoteMedia(InetSocketAddress address, G711 codec, int telephoneEventPayloadType, MediaDirection direction) {
        this(address, codec, telephoneEventPayloadType, direction, null);
    }

    /** The same media, signalled from {@code host} (the source of the SIP message that carried it). */
    public RemoteMedia signalledFrom(InetAddress host) {
        return new RemoteMedia(address, codec, telephoneEventPayloadType, direction, host, srtp);
    }

    /** The same media protected with these SDES keys (null: plain RTP). */
    public RemoteMedia withSrtp(SrtpKeys keys) {
        return new RemoteMedia(address, codec, telephoneEventPayloadType, direction, signallingHost, keys);
    }

    /** From an offer/answer result. Resolves IP literals only: never a DNS look-up. */
    public static RemoteMedia from(NegotiatedMedia negotiated) {
        InetSocketAddress target = null;
        String host = negotiated.remoteAddress();
        if (isIpLiteral(host) && negotiated.remotePort() != 0) {
            try {
                InetAddress address = InetAddress.getByName(host); // literal: no look-up
                if (!address.isAnyLocalAddress()) {
                    target = new InetSocketAddress(address, negotiated.remotePort());
                }
            } catch (UnknownHostException e) {
                target = null;
            }
        }
        return new RemoteMedia(target, negotiated.codec(), negotiated.telephoneEventPayloadType().orElse(-1),
                negotiated.remoteDirection(), null, negotiated.srtp().orElse(null));
    }

    private static boolean isIpLiteral(String host) {
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (host.contains(":") && host.matches("[0-9a-fA-F:.]+"));
    }
}
