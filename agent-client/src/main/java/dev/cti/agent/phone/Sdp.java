package dev.cti.agent.phone;

import dev.cti.protocol.audio.G711;
import dev.cti.protocol.rtp.TelephoneEvents;
import dev.cti.protocol.sdp.MediaDescription;
import dev.cti.protocol.sdp.MediaDirection;
import dev.cti.protocol.sdp.SdpException;
import dev.cti.protocol.sdp.SdpParser;
import dev.cti.protocol.sdp.SdpWriter;
import dev.cti.protocol.sdp.SessionDescription;
import java.util.List;
import java.util.OptionalInt;

/**
 * The softphone's view of SDP (RFC 4566, RFC 3264): the far end's first audio stream, and our offer or answer.
 * Parsing and writing are the shared {@code dev.cti.protocol.sdp} (the gateway's parser and writer); what is the
 * softphone's is the subset a G.711 phone needs: one audio stream, PCMU/PCMA, telephone-event, a direction.
 */
public final class Sdp {
    /** The telephone-event codes the softphone sends and understands: the 16 DTMF keys. */
    private static final String EVENTS = "0-15";

    /**
     * The far end's audio description.
     *
     * @param payloadTypes the audio formats in preference order
     * @param telephoneEventPt the dynamic PT of telephone-event/8000, -1 if absent
     */
    public record Audio(String address, int port, List<Integer> payloadTypes, int telephoneEventPt,
                        MediaDirection direction) {
        /** The first law we support, in the far end's preference order; null when there is none. */
        public G711 preferredLaw() {
            for (int pt : payloadTypes) {
                G711 law = G711.forPayloadType(pt);
                if (law != null) return law;
            }
            return null;
        }
    }

    private Sdp() {}

    /** The first audio stream of {@code body}; an {@link SdpException} naming the line for a body we cannot use. */
    public static Audio parse(String body) throws SdpException {
        SessionDescription sdp = SdpParser.parse(body);
        MediaDescription audio = sdp.media().stream().filter(m -> m.media().equals("audio")).findFirst()
                .orElseThrow(() -> new SdpException(0, "no audio stream"));
        String address = sdp.connectionFor(audio).orElseThrow(() -> new SdpException(0, "no connection address"));
        // RFC 2543 hold: c=0.0.0.0 means the far end wants no media
        MediaDirection direction = address.equals("0.0.0.0") ? MediaDirection.INACTIVE : audio.direction();
        return new Audio(address, audio.port(), audio.formats(), audio.telephoneEventPayloadType().orElse(-1),
                direction);
    }

    /** Our offer: PCMU, PCMA and telephone-event 101. */
    public static String offer(String address, int port, long sessionId, long version, MediaDirection direction) {
        return build(address, port, sessionId, version, direction, List.of(G711.PCMU, G711.PCMA),
                TelephoneEvents.DEFAULT_PAYLOAD_TYPE);
    }

    /** Our answer to {@code offer} with the chosen law, its telephone-event PT if offered, and the given direction. */
    public static String answer(Audio offer, G711 law, String address, int port, long sessionId, long version,
                                MediaDirection direction) {
        return build(address, port, sessionId, version, direction, List.of(law), offer.telephoneEventPt());
    }

    private static String build(String address, int port, long sessionId, long version, MediaDirection direction,
                                List<G711> laws, int te) {
        return SdpWriter.session("cti-agent", "cti-agent", sessionId, version, address)
                .append(SdpWriter.audio(port, "RTP/AVP", laws, te >= 0 ? OptionalInt.of(te) : OptionalInt.empty(),
                        EVENTS, direction, List.of()))
                .toString();
    }
}
