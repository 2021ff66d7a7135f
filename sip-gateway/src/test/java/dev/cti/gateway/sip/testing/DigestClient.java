package dev.cti.gateway.sip.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds REGISTER requests and answers digest challenges the way a softphone does (RFC 2617 qop=auth, RFC 8760),
 * written independently of the registrar's own code so the two check each other.
 */
public final class DigestClient {
    private final String transport;
    private final int localPort;
    private final String domain;
    private final String extension;
    private final String callId;
    private int cseq = 1;
    /** The nonce count of the next answer: phones count up per request with one nonce (RFC 7616 3.4). */
    private int nc = 1;

    public DigestClient(String transport, int localPort, String domain, String extension, String callId) {
        this.transport = transport.toUpperCase(Locale.ROOT);
        this.localPort = localPort;
        this.domain = domain;
        this.extension = extension;
        this.callId = callId;
    }

    /** A REGISTER; {@code contact} null means none (a query), "*" the wildcard. */
    public String register(String contact, Integer expires, String authorization) {
        StringBuilder sb = new StringBuilder();
        sb.append("REGISTER sip:").append(domain).append(" SIP/2.0\r\n");
        sb.append("Via: SIP/2.0/").append(transport).append(" 127.0.0.1:").append(localPort)
                .append(";branch=z9hG4bK-").append(callId).append('-').append(System.nanoTime()).append("\r\n");
        sb.append("Max-Forwards: 70\r\n");
        sb.append("From: <sip:").append(extension).append('@').append(domain).append(">;tag=t").append(callId.hashCode() & 0xffff).append("\r\n");
        sb.append("To: <sip:").append(extension).append('@').append(domain).append(">\r\n");
        sb.append("Call-ID: ").append(callId).append("\r\n");
        sb.append("CSeq: ").append(cseq++).append(" REGISTER\r\n");
        if (contact != null) {
            sb.append("Contact: ").append(contact.equals("*") ? "*" : "<" + contact + ">").append("\r\n");
        }
        if (expires != null) {
            sb.append("Expires: ").append(expires).append("\r\n");
        }
        if (authorization != null) {
            sb.append("Authorization: ").append(authorization).append("\r\n");
        }
        sb.append("User-Agent: cti-test-phone\r\n");
        sb.append("Content-Length: 0\r\n\r\n");
        return sb.toString();
    }

    /** Rewinds CSeq (to test out-of-order handling). */
    public void setCseq(int next) {
        cseq = next;
    }

    /**
     * Authorization header value answering {@code challenge} (a WWW-Authenticate value) with {@code password}, with
     * the next nonce count: use a fresh one for every request, as phones do (the registrar refuses a count twice).
     */
    public String authorization(String challenge, String username, String password) {
        return authorization(challenge, username, password, String.format("%08x", nc++));
    }

    /** The same with the nonce count given as is (a replay, a malformed count). */
    public String authorization(String challenge, String username, String password, String nc) {
        String realm = param(challenge, "realm");
        String nonce = param(challenge, "nonce");
        String algorithm = param(challenge, "algorithm");
        String jca = "SHA-256".equalsIgnoreCase(algorithm) ? "SHA-256" : "MD5";
        String uri = "sip:" + domain;
        String cnonce = "0a4f113b";
        String ha1 = hex(jca, username + ":" + realm + ":" + password);
        String ha2 = hex(jca, "REGISTER:" + uri);
        String response = hex(jca, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + username + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + response + "\", algorithm=" + (algorithm == null ? "MD5" : algorithm)
                + ", cnonce=\"" + cnonce + "\", qop=auth, nc=" + nc;
    }

    /** A parameter of a challenge, quotes removed. */
    public static String param(String header, String name) {
        Matcher m = Pattern.compile("(?i)[\\s,]" + name + "\\s*=\\s*(\"([^\"]*)\"|([^,\\s]+))").matcher(" " + header);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    private static String hex(String alg, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
