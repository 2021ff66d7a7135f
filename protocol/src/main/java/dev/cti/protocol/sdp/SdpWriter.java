package dev.cti.protocol.sdp;

import dev.cti.protocol.audio.G711;
import java.util.List;
import java.util.OptionalInt;

/**
 * Writes the SDP both the gateway and the softphone send (RFC 4566, RFC 3264): a session header for one address
 * and one G.711 audio section, CRLF line ends. Who writes it decides the words (origin user, session name, the
 * telephone-event range it handles); the line order and format are this class's, so the two sides cannot drift.
 */
public final class SdpWriter {

    private SdpWriter() {}

    /**
     * {@code v=}, {@code o=}, {@code s=}, {@code c=} and {@code t=0 0} for {@code address} (IP6 when it holds a
     * colon, else IP4).
     */
    public static StringBuilder session(String originUser, String sessionName, long sessionId, long sessionVersion,
                                        String address) {
        String ipVersion = address.contains(":") ? "IP6" : "IP4";
        return new StringBuilder()
                .append("v=0\r\n")
                .append("o=").append(originUser).append(' ').append(sessionId).append(' ').append(sessionVersion)
                .append(" IN ").append(ipVersion).append(' ').append(address).append("\r\n")
                .append("s=").append(sessionName).append("\r\n")
                .append("c=IN ").append(ipVersion).append(' ').append(address).append("\r\n")
                .append("t=0 0\r\n");
    }

    /**
     * One audio {@code m=} section: the codecs in order, then telephone-event if given, each with its
     * {@code a=rtpmap} (and {@code a=fmtp:<pt> <events>} for telephone-event), {@code a=ptime:20}, the direction,
     * then {@code extraLines} as they are (each a whole line with its CRLF, e.g. {@code a=crypto}).
     *
     * @param events the telephone-event codes handled, e.g. {@code 0-15} (DTMF) or {@code 0-16} (with flash)
     */
    public static String audio(int port, String protocol, List<G711> codecs, OptionalInt telephoneEvent,
                               String events, MediaDirection direction, List<String> extraLines) {
        StringBuilder m = new StringBuilder("m=audio ").append(port).append(' ').append(protocol);
        for (G711 c : codecs) {
            m.append(' ').append(c.payloadType());
        }
        telephoneEvent.ifPresent(pt -> m.append(' ').append(pt));
        m.append("\r\n");
        for (G711 c : codecs) {
            m.append("a=rtpmap:").append(c.payloadType()).append(' ').append(c.encodingName()).append("/8000\r\n");
        }
        telephoneEvent.ifPresent(pt -> m.append("a=rtpmap:").append(pt).append(" telephone-event/8000\r\n")
                .append("a=fmtp:").append(pt).append(' ').append(events).append("\r\n"));
        m.append("a=ptime:20\r\n");
        m.append("a=").append(direction.attribute()).append("\r\n");
        extraLines.forEach(m::append);
        return m.toString();
    }
}
