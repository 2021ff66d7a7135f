package dev.cti.protocol.sdp;

import dev.cti.protocol.srtp.SdesCrypto;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One {@code m=} section of a session description with the attributes the gateway uses.
 *
 * @param media      {@code audio}, {@code video}, ...
 * @param port       0 means the stream is rejected or disabled
 * @param protocol   {@code RTP/AVP} for plain RTP
 * @param formats    payload types in preference order (the {@code m=} line's fmt list, numeric)
 * @param connection the media-level {@code c=} address, if any
 * @param rtpMaps    payload type → {@code a=rtpmap}
 * @param fmtps      payload type → {@code a=fmtp} parameters
 * @param direction  the {@code a=sendrecv|sendonly|recvonly|inactive} in force (media, else session,
 *                   else sendrecv)
 * @param ptime      {@code a=ptime} in ms, if given
 * @param cryptos    the {@code a=crypto} lines (RFC 4568) in order, usable or not
 * @param attributes the DTLS-SRTP and ICE attributes by name ({@code fingerprint}, {@code setup}, {@code ice-ufrag},
 *                   {@code ice-pwd}, {@code rtcp-mux}...; a flag's value is ""): the section's own, else the session's
 */
public record MediaDescription(
        String media,
        int port,
        String protocol,
        List<Integer> formats,
        Optional<String> connection,
        Map<Integer, RtpMap> rtpMaps,
        Map<Integer, String> fmtps,
        MediaDirection direction,
        OptionalInt ptime,
        List<SdesCrypto> cryptos,
        Map<String, String> attributes) {

    public MediaDescription {
        formats = List.copyOf(formats);
        cryptos = List.copyOf(cryptos);
        attributes = Map.copyOf(attributes);
        rtpMaps = Map.copyOf(rtpMaps);
        fmtps = Map.copyOf(fmtps);
    }

    /** Without {@code a=crypto} lines. */
    public MediaDescription(String media, int port, String protocol, List<Integer> formats,
                            Optional<String> connection, Map<Integer, RtpMap> rtpMaps, Map<Integer, String> fmtps,
                            MediaDirection direction, OptionalInt ptime) {
        this(media, port, protocol, formats, connection, rtpMaps, fmtps, direction, ptime, List.of());
    }

    /** Without DTLS-SRTP or ICE attributes. */
    public MediaDescription(String media, int port, String protocol, List<Integer> formats,
                            Optional<String> connection, Map<Integer, RtpMap> rtpMaps, Map<Integer, String> fmtps,
                            MediaDirection direction, OptionalInt ptime, List<SdesCrypto> cryptos) {
        this(media, port, protocol, formats, connection, rtpMaps, fmtps, direction, ptime, cryptos, Map.of());
    }

    /** The value of attribute {@code name} (one of the parser's kept names), "" for a flag such as rtcp-mux. */
    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** The rtpmap of {@code payloadType}, falling back to the static PCMU/PCMA mappings. */
    public Optional<RtpMap> rtpMap(int payloadType) {
        RtpMap map = rtpMaps.get(payloadType);
        return Optional.ofNullable(map != null ? map : RtpMap.staticMapping(payloadType));
    }

    /** The payload type offered for RFC 4733 {@code telephone-event/8000}, if any. */
    public OptionalInt telephoneEventPayloadType() {
        for (int pt : formats) {
            RtpMap map = rtpMaps.get(pt);
            if (map != null && map.encodingName().equalsIgnoreCase("telephone-event") && map.clockRate() == 8000) {
                return OptionalInt.of(pt);
            }
        }
        return OptionalInt.empty();
    }
}
