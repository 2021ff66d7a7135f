package dev.cti.gateway.sip;

import dev.cti.protocol.digest.DigestResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The client side of HTTP Digest (RFC 2617, RFC 7616, RFC 8760 for SIP): parses a {@code WWW-Authenticate} /
 * {@code Proxy-Authenticate} challenge and computes the {@code Authorization} / {@code Proxy-Authorization} value
 * that answers it. It exists so the gateway can authenticate its own requests to a trunk that challenges them
 * (the registrar's {@code DigestAuthenticator} is the server side); the hashing is the shared
 * {@link DigestResponse}. Pure functions: no SIP stack, no clock; the
 * caller supplies the cnonce.
 *
 * <p>Supported: algorithms MD5, MD5-sess, SHA-256, SHA-256-sess; {@code qop=auth} (with cnonce and nc) and the
 * RFC 2069 form without qop. Not supported: {@code qop=auth-int} alone, other schemes (the challenge is then
 * {@linkplain #parse unusable}).
 */
public final class DigestClient {

    private DigestClient() {}

    /**
     * One Digest challenge.
     *
     * @param algorithm the token as the server wrote it (MD5 when absent)
     * @param qopAuth   true when the server offered {@code qop} containing {@code auth}: answer with qop=auth
     */
    public record Challenge(String realm, String nonce, String opaque, String algorithm, boolean qopAuth,
                            boolean stale) {
    }

    /**
     * Parses a challenge header value ({@code Digest realm="…", nonce="…", …}). Empty when it is not Digest, has
     * no nonce or realm, names an algorithm we cannot compute, or offers only {@code auth-int}.
     */
    public static Optional<Challenge> parse(String headerValue) {
        if (headerValue == null) {
            return Optional.empty();
        }
        String v = headerValue.strip();
        if (v.length() < 7 || !v.substring(0, 6).equalsIgnoreCase("Digest") || !Character.isWhitespace(v.charAt(6))) {
            return Optional.empty();
        }
        Map<String, String> p = params(v.substring(7));
        String realm = p.get("realm");
        String nonce = p.get("nonce");
        String algorithm = p.getOrDefault("algorithm", "MD5");
        if (realm == null || nonce == null || DigestResponse.hashOf(algorithm).isEmpty()) {
            return Optional.empty();
        }
        boolean qopAuth = false;
        String qop = p.get("qop");
        if (qop != null) {
            for (String q : qop.split(",")) {
                qopAuth |= q.strip().equalsIgnoreCase("auth");
            }
            if (!qopAuth) {
                return Optional.empty(); // auth-int only: we would need to hash the body
            }
        }
        return Optional.of(new Challenge(realm, nonce, p.get("opaque"), algorithm, qopAuth,
                "true".equalsIgnoreCase(p.get("stale"))));
    }

    /**
     * The credentials header value answering {@code challenge} for a request.
     *
     * @param method the request's method (INVITE, BYE …)
     * @param uri    the digest-uri: the request's Request-URI as sent
     * @param cnonce a fresh client nonce (used only with qop)
     * @param nc     the nonce count, 1 for the first use of this nonce (used only with qop)
     */
    public static String authorization(Challenge challenge, String username, String password, String method,
                                       String uri, String cnonce, int nc) {
        String ncHex = String.format(Locale.ROOT, "%08x", nc);
        String qop = challenge.qopAuth() ? "auth" : null;
        String response = DigestResponse.response(challenge.algorithm(), username, challenge.realm(), password, method, uri,
                challenge.nonce(), ncHex, cnonce, qop);
        StringBuilder sb = new StringBuilder("Digest username=\"").append(quote(username))
                .append("\", realm=\"").append(quote(challenge.realm()))
                .append("\", nonce=\"").append(quote(challenge.nonce()))
                .append("\", uri=\"").append(quote(uri))
                .append("\", response=\"").append(response)
                .append("\", algorithm=").append(challenge.algorithm());
        if (qop != null) {
            sb.append(", cnonce=\"").append(quote(cnonce)).append("\", qop=auth, nc=").append(ncHex);
        }
        if (challenge.opaque() != null) {
            sb.append(", opaque=\"").append(quote(challenge.opaque())).append('"');
        }
        return sb.toString();
    }

    /** auth-params of a challenge: {@code name=token} or {@code name="quoted \" string"}, comma-separated. */
    static Map<String, String> params(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ',' || Character.isWhitespace(s.charAt(i)))) {
                i++;
            }
            int nameStart = i;
            while (i < n && s.charAt(i) != '=' && s.charAt(i) != ',') {
                i++;
            }
            String name = s.substring(nameStart, i).strip().toLowerCase(Locale.ROOT);
            if (i >= n || s.charAt(i) != '=') {
                continue; // a bare token: ignore
            }
            i++;
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && s.charAt(i) == '"') {
                i++;
                while (i < n && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    value.append(s.charAt(i++));
                }
                i++; // closing quote
            } else {
                while (i < n && s.charAt(i) != ',') {
                    value.append(s.charAt(i++));
                }
            }
            if (!name.isEmpty()) {
                out.putIfAbsent(name, value.toString().strip());
            }
        }
        return out;
    }

    /** Every Digest challenge we can answer among header values, in the server's order (RFC 8760: take the first). */
    public static List<Challenge> usable(List<String> headerValues) {
        List<Challenge> out = new ArrayList<>();
        for (String v : headerValues) {
            parse(v).ifPresent(out::add);
        }
        return out;
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

}
