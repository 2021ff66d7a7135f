package dev.cti.gateway.media.sdp;

import dev.cti.gateway.media.audio.G711;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * SDP offer/answer (RFC 3264) for the gateway's one audio stream: G.711 (PCMU or PCMA) plus RFC 4733
 * {@code telephone-event}, 20 ms packets.
 *
 * <p>The SIP layer calls {@link #answer} for an incoming offer, {@link #offer} to call out, and
 * {@link #accept} for the answer to its offer. Nothing here touches the network.
 */
public final class SdpNegotiator {

    /** The payload type the gateway offers for telephone-event. */
    public static final int TELEPHONE_EVENT_PT = 101;

    private final String localAddress;
    private final List<G711> preference;

    /**
     * @param localAddress the RTP address put in {@code c=} and {@code o=} (NetworkConfig.Rtp.host)
     * @param preference   codecs in the gateway's order of preference
     */
    public SdpNegotiator(String localAddress, List<G711> preference) {
        if (preference.isEmpty()) {
            throw new IllegalArgumentException("at least one codec");
        }
        this.localAddress = localAddress;
        this.preference = List.copyOf(preference);
    }

    /** The answer to {@code offer} and what was agreed. */
    public record Answer(String sdp, NegotiatedMedia media) {}

    /**
     * Answers an offer: the first audio RTP/AVP stream with PCMU or PCMA is accepted on
     * {@code localPort}, choosing the first codec in the gateway's preference that the offer has, and
     * telephone-event with the offerer's payload type if offered. Every other stream is rejected with
     * port 0, keeping the m= lines in order (RFC 3264 §6).
     *
     * @throws SdpException (line 0) when no stream is acceptable: the SIP layer answers 488
     */
    public Answer answer(SessionDescription offer, int localPort, long sessionId, long sessionVersion) throws SdpException {
        StringBuilder sdp = header(sessionId, sessionVersion);
        NegotiatedMedia chosen = null;
        List<String> mediaLines = new ArrayList<>();
        for (MediaDescription m : offer.media()) {
            G711 codec = chosen == null ? pickCodec(m) : null;
            String address = offer.connectionFor(m).orElse(null);
            if (codec == null || address == null || m.port() == 0) {
                String fmt = m.formats().isEmpty() ? "0" : String.valueOf(m.formats().get(0));
                mediaLines.add("m=" + m.media() + " 0 " + m.protocol() + " " + fmt + "\r\n");
                continue;
            }
            OptionalInt te = m.telephoneEventPayloadType();
            MediaDirection local = m.direction().answer();
            chosen = new NegotiatedMedia(address, m.port(), codec, te, m.direction());
            mediaLines.add(audioSection(localPort, codec, te, local));
        }
        if (chosen == null) {
            throw new SdpException(0, "no audio RTP/AVP stream offers PCMU or PCMA with a connection address");
        }
        for (String line : mediaLines) {
            sdp.append(line);
        }
        return new Answer(sdp.toString(), chosen);
    }

    /** An offer for one audio stream with every preferred codec and telephone-event 101. */
    public String offer(int localPort, MediaDirection direction, long sessionId, long sessionVersion) {
        StringBuilder sdp = header(sessionId, sessionVersion);
        StringBuilder m = new StringBuilder("m=audio ").append(localPort).append(" RTP/AVP");
        for (G711 c : preference) {
            m.append(' ').append(c.payloadType());
        }
        m.append(' ').append(TELEPHONE_EVENT_PT).append("\r\n");
        for (G711 c : preference) {
            m.append("a=rtpmap:").append(c.payloadType()).append(' ').append(c.encodingName()).append("/8000\r\n");
        }
        m.append("a=rtpmap:").append(TELEPHONE_EVENT_PT).append(" telephone-event/8000\r\n");
        m.append("a=fmtp:").append(TELEPHONE_EVENT_PT).append(" 0-16\r\n");
        m.append("a=ptime:20\r\n");
        m.append("a=").append(direction.attribute()).append("\r\n");
        return sdp.append(m).toString();
    }

    /**
     * Reads the answer to an offer made with {@link #offer}: the first accepted audio stream.
     *
     * @throws SdpException if the answer accepts no audio stream with PCMU/PCMA
     */
    public NegotiatedMedia accept(SessionDescription answer) throws SdpException {
        for (MediaDescription m : answer.media()) {
            if (!m.media().equals("audio") || m.port() == 0) {
                continue;
            }
            String address = answer.connectionFor(m).orElse(null);
            for (int pt : m.formats()) {
                G711 codec = codecOf(m, pt);
                if (codec != null && preference.contains(codec) && address != null) {
                    return new NegotiatedMedia(address, m.port(), codec, m.telephoneEventPayloadType(), m.direction());
                }
            }
        }
        throw new SdpException(0, "the answer accepts no audio stream with PCMU or PCMA");
    }

    private G711 pickCodec(MediaDescription m) {
        if (!m.media().equals("audio") || !m.protocol().equals("RTP/AVP")) {
            return null;
        }
        for (G711 wanted : preference) {
            for (int pt : m.formats()) {
                if (codecOf(m, pt) == wanted) {
                    return wanted;
                }
            }
        }
        return null;
    }

    private static G711 codecOf(MediaDescription m, int pt) {
        return m.rtpMap(pt)
                .filter(map -> map.clockRate() == 8000)
                .map(map -> map.encodingName().equalsIgnoreCase("PCMU") ? G711.PCMU
                        : map.encodingName().equalsIgnoreCase("PCMA") ? G711.PCMA : null)
                .filter(c -> c.payloadType() == pt || pt >= 96) // a static type must mean its own codec
                .orElse(null);
    }

    private String audioSection(int localPort, G711 codec, OptionalInt te, MediaDirection direction) {
        StringBuilder m = new StringBuilder("m=audio ").append(localPort).append(" RTP/AVP ").append(codec.payloadType());
        te.ifPresent(pt -> m.append(' ').append(pt));
        m.append("\r\n");
        m.append("a=rtpmap:").append(codec.payloadType()).append(' ').append(codec.encodingName()).append("/8000\r\n");
        te.ifPresent(pt -> m.append("a=rtpmap:").append(pt).append(" telephone-event/8000\r\n")
                .append("a=fmtp:").append(pt).append(" 0-16\r\n"));
        m.append("a=ptime:20\r\n");
        m.append("a=").append(direction.attribute()).append("\r\n");
        return m.toString();
    }

    private StringBuilder header(long sessionId, long sessionVersion) {
        String ipVersion = localAddress.contains(":") ? "IP6" : "IP4";
        return new StringBuilder()
                .append("v=0\r\n")
                .append("o=cti-gateway ").append(sessionId).append(' ').append(sessionVersion)
                .append(" IN ").append(ipVersion).append(' ').append(localAddress).append("\r\n")
                .append("s=-\r\n")
                .append("c=IN ").append(ipVersion).append(' ').append(localAddress).append("\r\n")
                .append("t=0 0\r\n");
    }
}
