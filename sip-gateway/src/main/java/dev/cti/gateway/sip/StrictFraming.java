package dev.cti.gateway.sip;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Checks on the raw text of a message that jain-sip's lenient parser lets through but RFC 3261 / RFC 4475 /
 * RFC 5118 call malformed. They run inside {@link CountingMessageParserFactory}, so a failure takes the stack's
 * normal "unparseable" path (400 when a response can be addressed).
 *
 * <ul>
 *   <li>Request-Line: exactly {@code Method SP Request-URI SP SIP-Version}, no extra or trailing whitespace
 *       (RFC 4475 lwsstart, trws, lwsruri: the RFC allows rejecting; we do, because a B2BUA must not forward a
 *       start line it had to guess), no {@code <>} around the URI (ltgtruri).</li>
 *   <li>An IPv6 reference in a sip/sips Request-URI must be bracketed (RFC 5118 4.1, ipv6-bad).</li>
 *   <li>Headers that RFC 3261 allows only once (To, From, Call-ID, CSeq, Max-Forwards, Content-Length, also in
 *       compact form) appear at most once (RFC 4475 multi01, mcl01: jain-sip keeps the last one silently).</li>
 * </ul>
 */
final class StrictFraming {
    /** Header (lower case, long and compact names) → canonical name, for the at-most-once rule. */
    private static final Map<String, String> SINGLETONS = Map.ofEntries(
            Map.entry("to", "to"), Map.entry("t", "to"),
            Map.entry("from", "from"), Map.entry("f", "from"),
            Map.entry("call-id", "call-id"), Map.entry("i", "call-id"),
            Map.entry("cseq", "cseq"),
            Map.entry("max-forwards", "max-forwards"),
            Map.entry("content-length", "content-length"), Map.entry("l", "content-length"));

    private StrictFraming() {}

    /** Null when acceptable, else what is wrong. */
    static String problem(byte[] bytes) {
        // jain-sip's TCP framer hands over lines joined by LF only, UDP the datagram as sent: accept both.
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        int headerEnd = text.indexOf("\n\n");
        String head = headerEnd < 0 ? text : text.substring(0, headerEnd);
        String[] lines = head.split("\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isEmpty()) {
            first++; // leading CRLFs are tolerated (RFC 3261 7.5)
        }
        if (first >= lines.length) {
            return null;
        }
        String startLine = lines[first];
        if (!startLine.startsWith("SIP/")) {
            String bad = requestLineProblem(startLine);
            if (bad != null) {
                return bad;
            }
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = first + 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                continue; // continuation of a folded header
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue; // jain-sip decides about garbage lines
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String canonical = SINGLETONS.get(name);
            if (canonical != null && seen.merge(canonical, 1, Integer::sum) > 1) {
                return "header " + canonical + " appears more than once";
            }
        }
        return null;
    }

    /** The SIP-Version of a request line when it is not SIP/2.0 (jain-sip's parser rewrites it to 2.0), else null. */
    static String unsupportedVersion(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 2048), StandardCharsets.ISO_8859_1).stripLeading();
        int eol = text.indexOf('\n');
        String line = (eol < 0 ? text : text.substring(0, eol)).strip();
        if (line.startsWith("SIP/")) {
            return null;
        }
        int sp = line.lastIndexOf(' ');
        String version = sp < 0 ? line : line.substring(sp + 1);
        return version.equalsIgnoreCase("SIP/2.0") ? null : version;
    }

    private static String requestLineProblem(String line) {
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return "Request-Line is not Method SP Request-URI SP SIP-Version";
        }
        if (!parts[2].equals(parts[2].strip()) || parts[1].contains("\t")) {
            return "whitespace in Request-Line";
        }
        String uri = parts[1];
        if (uri.startsWith("<")) {
            return "Request-URI enclosed in <>";
        }
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sip:") || lower.startsWith("sips:")) {
            String rest = uri.substring(uri.indexOf(':') + 1);
            int at = rest.lastIndexOf('@');
            String hostPort = at >= 0 ? rest.substring(at + 1) : rest;
            int end = indexOfAny(hostPort, ";?");
            if (end >= 0) {
                hostPort = hostPort.substring(0, end);
            }
            if (!hostPort.startsWith("[") && hostPort.indexOf(':') != hostPort.lastIndexOf(':')) {
                return "IPv6 address in Request-URI without brackets";
            }
        }
        return null;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
