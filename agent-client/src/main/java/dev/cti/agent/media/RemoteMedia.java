package dev.cti.agent.media;

import dev.cti.protocol.audio.G711;
import java.net.InetSocketAddress;

/**
 * What the far end's SDP says about where and how to send: address, negotiated law, RFC 4733 payload type (-1 when
 * not offered) and whether we may send at all (we do not send to a peer that said sendonly/inactive, nor while
 * holding it).
 */
public record RemoteMedia(InetSocketAddress address, G711 law, int telephoneEventPt, boolean send) {}
