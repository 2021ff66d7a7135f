package dev.cti.gateway.media.sdp;

import dev.cti.protocol.audio.G711;
import dev.cti.protocol.sdp.MediaDirection;
import dev.cti.protocol.srtp.SrtpKeys;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The outcome of an offer/answer exchange for one audio stream: what the media engine needs to
 * configure a leg towards the peer.
 *
 * @param remoteAddress             where the peer wants RTP (its {@code c=}); "0.0.0.0" means hold
 * @param remotePort                its {@code m=} port
 * @param codec                     the G.711 law both sides use
 * @param telephoneEventPayloadType RFC 4733 payload type the peer uses, if both sides support it
 * @param remoteDirection           the direction the peer wrote
 * @param srtp                      the SDES keys both sides agreed on when the stream is RTP/SAVP
 * @param cryptoTag                 the tag of the agreed {@code a=crypto} line (0 for plain RTP)
 * @param dtls                      what the peer's SDP said for DTLS-SRTP when the stream is UDP/TLS/RTP/SAVP(F): the keys
 *                                  come from the handshake, not from the SDP ({@code srtp} is empty)
 */
public record NegotiatedMedia(String remoteAddress, int remotePort, G711 codec,
                              OptionalInt telephoneEventPayloadType, MediaDirection remoteDirection,
                              Optional<SrtpKeys> srtp, int cryptoTag, Optional<DtlsRemote> dtls) {

    /** Plain RTP or SDES. */
    public NegotiatedMedia(String remoteAddress, int remotePort, G711 codec, OptionalInt telephoneEventPayloadType,
                           MediaDirection remoteDirection, Optional<SrtpKeys> srtp, int cryptoTag) {
        this(remoteAddress, remotePort, codec, telephoneEventPayloadType, remoteDirection, srtp, cryptoTag,
                Optional.empty());
    }

    /** Plain RTP. */
    public NegotiatedMedia(String remoteAddress, int remotePort, G711 codec, OptionalInt telephoneEventPayloadType,
                           MediaDirection remoteDirection) {
        this(remoteAddress, remotePort, codec, telephoneEventPayloadType, remoteDirection, Optional.empty(), 0);
    }
}
