package dev.cti.gateway.sip.testing;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test phone's REGISTER requests and their answers to the registrar's digest challenges (RFC 2617 qop=auth,
 * RFC 8760), computed by the shared client the agent client's softphone uses, so the registrar is checked against
 * what real agents send; that client's own tests check it against the RFCs' examples. {@link #param} reads a
 * parameter of any header written by either side.
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

    /**
     * The same with the nonce count given as is (a replay, a malformed count). The answer is the shared client's
     * ({@link dev.cti.protocol.digest.DigestClient}, the one the softphone and the gateway's trunk answers use),
     * always with qop=auth and a fixed cnonce, as the registrar's challenges offer qop=auth.
     */
    public String authorization(String challenge, String username, String password, String nc) {
        var c = dev.cti.protocol.digest.DigestClient.parse(challenge)
                .orElseThrow(() -> new IllegalArgumentException("not an answerable challenge: " + challenge));
        return dev.cti.protocol.digest.DigestClient.answer(c, username, password, "REGISTER", "sip:" + domain, nc,
                "0a4f113b").headerValue();
    }

    /** A parameter of a challenge, quotes removed. */
    public static String param(String header, String name) {
        Matcher m = Pattern.compile("(?i)[\\s,]" + name + "\\s*=\\s*(\"([^\"]*)\"|([^,\\s]+))").matcher(" " + header);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }}
