package dev.cti.agent.phone;

import dev.cti.protocol.audio.G711;
import dev.cti.protocol.rtp.TelephoneEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The softphone's SDP (RFC 4566) in one small class: parse the far end's audio line, build our offer or answer
 * (RFC 3264). Only what a G.711 phone needs: one audio stream, PCMU/PCMA, telephone-event, a direction attribute.
 */
public final class Sdp {
    /** Media direction attribute. */
    public enum Direction {
        SENDRECV, SENDONLY, RECVONLY, INACTIVE;

        public String attribute() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The direction an answerer puts against this offer (RFC 3264 6.1). */
        public Direction answerTo() {
            return switch (this) {
                case SENDONLY -> RECVONLY;
                case RECVONLY -> SENDONLY;
                default -> this;
            };
        }

        /** What both this and {@code other} allow: each of send and receive only if both do. */
        public Direction intersect(Direction other) {
            boolean send = sends() && other.sends();
            boolean recv = receives() && other.receives();
            return send && recv ? SENDRECV : send ? SENDONLY : recv ? RECVONLY : INACTIVE;
        }

        /** Whether the side that wrote this direction will send media. */
        public boolean sends() {
            return this == SENDRECV || this == SENDONLY;
        }

        /** Whether the side that wrote this direction will receive media (so we may send to it). */
        public boolean receives() {
            return this == SENDRECV || this == RECVONLY;
        }
    }

    /**
     * The far end's audio description.
     *
     * @param payloadTypes the audio formats in preference order
     * @param telephoneEventPt the dynamic PT of telephone-event/8000, -1 if absent
     */
    public record Audio(String address, int port, List<Integer> payloadTypes, int telephoneEventPt, Direction direction) {
        /** The first law we support, in the far end's preference order; null when there is none. */
        public G711 preferredLaw() {
            for (int pt : payloadTypes) {
                if (pt == 0) return G711.PCMU;
                if (pt == 8) return G711.PCMA;
            }
            return null;
        }
    }

    /** Thrown for an SDP body the phone cannot use; carries the SIP status to answer with. */
    public static final class SdpException extends Exception {
        public SdpException(String message) {
            super(message);
        }
    }

    private Sdp() {}

    public static Audio parse(String body) throws SdpException {
        if (body == null || body.isBlank()) throw new SdpException("empty SDP");
        String sessionAddress = null, mediaAddress = null;
        int port = -1;
        List<Integer> pts = new ArrayList<>();
        int te = -1;
        Direction sessionDir = Direction.SENDRECV, mediaDir = null;
        boolean inAudio = false, seenAudio = false;
        for (String raw : body.split("\r?\n")) {
            String line = raw.strip();
            if (line.length() < 2 || line.charAt(1) != '=') continue;
            String v = line.substring(2);
            switch (line.charAt(0)) {
                case 'm' -> {
                    inAudio = false;
                    String[] f = v.split(" ");
                    if (!seenAudio && f.length >= 4 && f[0].equals("audio")) {
                        inAudio = seenAudio = true;
                        try {
                            port = Integer.parseInt(f[1]);
                            for (int i = 3; i < f.length; i++) pts.add(Integer.parseInt(f[i]));
                        } catch (NumberFormatException e) {
                            throw new SdpException("bad m= line: " + v);
                        }
                    }
                }
                case 'c' -> {
                    String[] f = v.split(" ");
                    if (f.length < 3) throw new SdpException("bad c= line: " + v);
                    String addr = f[2].split("/")[0];
                    if (inAudio) mediaAddress = addr;
                    else if (!seenAudio) sessionAddress = addr;
                }
                case 'a' -> {
                    Direction d = switch (v) {
                        case "sendrecv" -> Direction.SENDRECV;
                        case "sendonly" -> Direction.SENDONLY;
                        case "recvonly" -> Direction.RECVONLY;
                        case "inactive" -> Direction.INACTIVE;
                        default -> null;
                    };
                    if (d != null) {
                        if (inAudio) mediaDir = d;
                        else if (!seenAudio) sessionDir = d;
                    } else if (inAudio && v.toLowerCase(Locale.ROOT).startsWith("rtpmap:")
                            && v.toLowerCase(Locale.ROOT).contains("telephone-event/8000")) {
                        try {
                            te = Integer.parseInt(v.substring(7, v.indexOf(' ')).strip());
                        } catch (RuntimeException e) {
                            throw new SdpException("bad rtpmap: " + v);
                        }
                    }
                }
                default -> { }
            }
        }
        if (!seenAudio) throw new SdpException("no audio stream");
        String address = mediaAddress != null ? mediaAddress : sessionAddress;
        if (address == null) throw new SdpException("no connection address");
        if (address.equals("0.0.0.0")) mediaDir = Direction.INACTIVE; // RFC 2543 hold
        return new Audio(address, port, List.copyOf(pts), te, mediaDir != null ? mediaDir : sessionDir);
    }

    /** Our offer: PCMU, PCMA and telephone-event 101. */
    public static String offer(String address, int port, long sessionId, long version, Direction direction) {
        return build(address, port, sessionId, version, direction,
                List.of(G711.PCMU.payloadType(), G711.PCMA.payloadType()), TelephoneEvents.DEFAULT_PAYLOAD_TYPE);
    }

    /** Our answer to {@code offer} with the chosen law, its telephone-event PT if offered, and the given direction. */
    public static String answer(Audio offer, G711 law, String address, int port, long sessionId, long version,
                                Direction direction) {
        return build(address, port, sessionId, version, direction, List.of(law.payloadType()), offer.telephoneEventPt());
    }

    private static String build(String address, int port, long sessionId, long version, Direction direction,
                                List<Integer> pts, int te) {
        StringBuilder m = new StringBuilder("m=audio ").append(port).append(" RTP/AVP");
        StringBuilder a = new StringBuilder();
        for (int pt : pts) {
            m.append(' ').append(pt);
            a.append("a=rtpmap:").append(pt).append(pt == 0 ? " PCMU/8000" : " PCMA/8000").append("\r\n");
        }
        if (te >= 0) {
            m.append(' ').append(te);
            a.append("a=rtpmap:").append(te).append(" telephone-event/8000\r\n");
            a.append("a=fmtp:").append(te).append(" 0-15\r\n");
        }
        return "v=0\r\n"
                + "o=cti-agent " + sessionId + " " + version + " IN IP4 " + address + "\r\n"
                + "s=cti-agent\r\n"
                + "c=IN IP4 " + address + "\r\n"
                + "t=0 0\r\n"
                + m + "\r\n"
                + a
                + "a=ptime:20\r\n"
                + "a=" + direction.attribute() + "\r\n";
    }
}
