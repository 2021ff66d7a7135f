package dev.cti.protocol.sdp;

import dev.cti.protocol.srtp.SdesCrypto;
import dev.cti.protocol.srtp.SdesException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Parses an SDP body (RFC 4566) at the edge: {@code v=}, {@code o=}, {@code c=}, {@code m=} and the
 * {@code a=} attributes offer/answer needs (rtpmap, fmtp, ptime, direction). Other lines are checked
 * for the {@code <type>=<value>} form and skipped. Every error is an {@link SdpException} naming the
 * line.
 */
public final class SdpParser {

    /**
     * The other attributes kept by name (first value wins; a media section's own value before the session's): what a
     * DTLS-SRTP / ICE-lite leg needs (RFC 5763, RFC 8839), and a browser's {@code mid} and {@code group} (BUNDLE, RFC
     * 8843), which an answer must echo. Every other attribute is skipped.
     */
    static final java.util.Set<String> KEPT_ATTRIBUTES = java.util.Set.of("fingerprint", "setup", "ice-ufrag", "ice-pwd",
            "ice-lite", "ice-options", "rtcp-mux", "mid", "group");
    /** a=crypto lines accepted per m= section (RFC 4568 offers list a few; more is a flood). */
    static final int MAX_CRYPTO_LINES = 16;

    private SdpParser() {}

    public static SessionDescription parse(String body) throws SdpException {
        if (body == null || body.isBlank()) {
            throw new SdpException(0, "empty body");
        }
        String[] lines = body.split("\r?\n", -1);
        String originUser = null;
        String sessionId = null;
        String sessionVersion = null;
        Optional<String> sessionConnection = Optional.empty();
        MediaDirection sessionDirection = null;
        Map<String, String> sessionAttributes = new HashMap<>();
        List<MediaBuilder> media = new ArrayList<>();
        MediaBuilder current = null;
        boolean versionSeen = false;

        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            if (line.isEmpty()) {
                if (i == lines.length - 1) {
                    break; // the final CRLF
                }
                throw new SdpException(lineNo, "empty line");
            }
            if (line.length() < 2 || line.charAt(1) != '=' || !Character.isLetter(line.charAt(0))) {
                throw new SdpException(lineNo, "expected <type>=<value>, got \"" + abbreviate(line) + "\"");
            }
            char type = line.charAt(0);
            String value = line.substring(2).strip();
            if (!versionSeen && type != 'v') {
                throw new SdpException(lineNo, "the first line must be v=0");
            }
            switch (type) {
                case 'v' -> {
                    if (versionSeen || !value.equals("0")) {
                        throw new SdpException(lineNo, versionSeen ? "second v= line" : "unsupported version v=" + value);
                    }
                    versionSeen = true;
                }
                case 'o' -> {
                    String[] f = value.split(" +");
                    if (f.length != 6) {
                        throw new SdpException(lineNo, "o= needs 6 fields (username sess-id sess-version nettype addrtype address), got " + f.length);
                    }
                    originUser = f[0];
                    sessionId = f[1];
                    sessionVersion = f[2];
                }
                case 'c' -> {
                    Optional<String> address = Optional.of(parseConnection(value, lineNo));
                    if (current == null) {
                        sessionConnection = address;
                    } else {
                        current.connection = address;
                    }
                }
                case 'm' -> {
                    current = parseMedia(value, lineNo);
                    media.add(current);
                }
                case 'a' -> {
                    int colon = value.indexOf(':');
                    String name = colon < 0 ? value : value.substring(0, colon);
                    String arg = colon < 0 ? "" : value.substring(colon + 1).strip();
                    MediaDirection direction = MediaDirection.fromAttribute(name);
                    if (KEPT_ATTRIBUTES.contains(name)) {
                        (current == null ? sessionAttributes : current.attributes).putIfAbsent(name, arg);
                    } else if (direction != null) {
                        if (current == null) {
                            sessionDirection = direction;
                        } else {
                            current.direction = direction;
                        }
                    } else if (current != null) {
                        switch (name) {
                            case "rtpmap" -> {
                                RtpMap map = parseRtpMap(arg, lineNo);
                                current.rtpMaps.put(map.payloadType(), map);
                            }
                            case "fmtp" -> {
                                int space = arg.indexOf(' ');
                                int pt = parsePayloadType(space < 0 ? arg : arg.substring(0, space), lineNo, "a=fmtp");
                                current.fmtps.put(pt, space < 0 ? "" : arg.substring(space + 1).strip());
                            }
                            case "ptime" -> current.ptime = OptionalInt.of(parseInt(arg, lineNo, "a=ptime"));
                            case "crypto" -> {
                                if (current.cryptos.size() >= MAX_CRYPTO_LINES) {
                                    throw new SdpException(lineNo, "more than " + MAX_CRYPTO_LINES
                                            + " a=crypto lines in one m= section");
                                }
                                try {
                                    current.cryptos.add(SdesCrypto.parse(arg));
                                } catch (SdesException e) {
                                    throw new SdpException(lineNo, e.getMessage()); // never repeats the key
                                }
                            }
                            default -> { }
                        }
                    }
                }
                default -> { }
            }
        }
        if (!versionSeen) {
            throw new SdpException(0, "no v= line");
        }
        if (originUser == null) {
            throw new SdpException(0, "no o= line");
        }
        List<MediaDescription> built = new ArrayList<>();
        for (MediaBuilder m : media) {
            MediaDirection d = m.direction != null ? m.direction : sessionDirection != null ? sessionDirection : MediaDirection.SENDRECV;
            Map<String, String> attributes = new HashMap<>(sessionAttributes);
            attributes.putAll(m.attributes);
            built.add(new MediaDescription(m.media, m.port, m.protocol, m.formats, m.connection, m.rtpMaps, m.fmtps, d, m.ptime,
                    m.cryptos, attributes));
        }
        return new SessionDescription(originUser, sessionId, sessionVersion, sessionConnection, built);
    }

    private static String parseConnection(String value, int lineNo) throws SdpException {
        String[] f = value.split(" +");
        if (f.length != 3 || !f[0].equals("IN") || !(f[1].equals("IP4") || f[1].equals("IP6"))) {
            throw new SdpException(lineNo, "c= must be \"IN IP4|IP6 <address>\", got \"" + abbreviate(value) + "\"");
        }
        String address = f[2];
        int slash = address.indexOf('/'); // multicast TTL: not for us, but keep the address
        return slash < 0 ? address : address.substring(0, slash);
    }

    private static MediaBuilder parseMedia(String value, int lineNo) throws SdpException {
        String[] f = value.split(" +");
        if (f.length < 4) {
            throw new SdpException(lineNo, "m= needs <media> <port> <proto> <fmt>..., got \"" + abbreviate(value) + "\"");
        }
        MediaBuilder m = new MediaBuilder();
        m.media = f[0];
        String port = f[1];
        int slash = port.indexOf('/');
        m.port = parseInt(slash < 0 ? port : port.substring(0, slash), lineNo, "m= port");
        if (m.port > 65535) {
            throw new SdpException(lineNo, "m= port " + m.port + " is above 65535");
        }
        m.protocol = f[2];
        boolean rtp = m.protocol.startsWith("RTP/") || m.protocol.startsWith("UDP/TLS/RTP/"); // RFC 5764 §8
        for (int i = 3; i < f.length; i++) {
            if (rtp) {
                m.formats.add(parsePayloadType(f[i], lineNo, "m= format"));
            }
        }
        return m;
    }

    private static RtpMap parseRtpMap(String arg, int lineNo) throws SdpException {
        int space = arg.indexOf(' ');
        if (space < 0) {
            throw new SdpException(lineNo, "a=rtpmap needs \"<pt> <encoding>/<clock rate>\", got \"" + abbreviate(arg) + "\"");
        }
        int pt = parsePayloadType(arg.substring(0, space), lineNo, "a=rtpmap");
        String[] enc = arg.substring(space + 1).strip().split("/");
        if (enc.length < 2 || enc[0].isEmpty()) {
            throw new SdpException(lineNo, "a=rtpmap encoding must be <name>/<clock rate>, got \"" + abbreviate(arg) + "\"");
        }
        int rate = parseInt(enc[1], lineNo, "a=rtpmap clock rate");
        int channels = enc.length > 2 ? parseInt(enc[2], lineNo, "a=rtpmap channels") : 1;
        return new RtpMap(pt, enc[0], rate, channels);
    }

    private static int parsePayloadType(String s, int lineNo, String what) throws SdpException {
        int pt = parseInt(s, lineNo, what + " payload type");
        if (pt > 127) {
            throw new SdpException(lineNo, what + " payload type " + pt + " is above 127");
        }
        return pt;
    }

    private static int parseInt(String s, int lineNo, String what) throws SdpException {
        try {
            int v = Integer.parseInt(s.strip());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new SdpException(lineNo, what + " is not a non-negative number: \"" + abbreviate(s) + "\"");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static final class MediaBuilder {
        String media;
        int port;
        String protocol;
        final List<Integer> formats = new ArrayList<>();
        Optional<String> connection = Optional.empty();
        final Map<Integer, RtpMap> rtpMaps = new HashMap<>();
        final Map<Integer, String> fmtps = new HashMap<>();
        MediaDirection direction;
        OptionalInt ptime = OptionalInt.empty();
        final List<SdesCrypto> cryptos = new ArrayList<>();
        final Map<String, String> attributes = new HashMap<>();
    }
}
