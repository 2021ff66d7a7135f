package dev.cti.protocol.digest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The client side of HTTP Digest for SIP (RFC 3261 22.4, RFC 2617, RFC 7616, RFC 8760): reads a
 * {@code WWW-Authenticate} / {@code Proxy-Authenticate} challenge, chooses among several, and computes the
 * {@code Authorization} / {@code Proxy-Authorization} answer as a record and as a header value. The one client for
 * both deployables: the gateway answers the trunks that challenge it (its {@code TrunkChallenges}, with
 * {@link Answer#headerValue()}), the agent client's softphone answers the gateway's registrar (its
 * {@code SipMessages} copies the {@link Answer} fields into a jain-sip header). The registrar's check is the server
 * side ({@code DigestAuthenticator}); the hashing is {@link DigestResponse}. Pure functions: no SIP stack, no clock,
 * no randomness (the caller supplies the cnonce and the nonce count).
 *
 * <p>Supported: algorithms MD5, MD5-sess, SHA-256, SHA-256-sess; {@code qop=auth} (with cnonce and nc) and the
 * RFC 2069 form without qop. Not answerable: {@code qop=auth-int} alone, other algorithms, a challenge without realm
 * or nonce, other schemes than Digest.
 *
 * <p>The choice ({@link #choose}): SHA-256 (or SHA-256-sess) over MD5, otherwise the server's order. RFC 8760 2.4
 * says a UAC uses the topmost challenge it supports "unless a local policy dictates otherwise"; ours is never to
 * answer with MD5 when the server also offers SHA-256, so a challenge list reordered on the way cannot downgrade us.
 * With our own registrar (SHA-256 first, MD5 second) both rules give the same answer.
 */
public final class DigestClient {

    private DigestClient() {}

    /**
     * One Digest challenge.
     *
     * @param algorithm      the algorithm to answer with: the token as the server wrote it, MD5 when it named none
     * @param algorithmNamed whether the server wrote an {@code algorithm} parameter (the answer echoes it only then)
     * @param qop            the {@code qop} parameter as offered ({@code auth}, {@code auth, auth-int} …), null when
     *                       absent (the RFC 2069 form)
     */
    public record Challenge(String realm, String nonce, String opaque, String algorithm, boolean algorithmNamed,
                            String qop, boolean stale) {

        /** A challenge from its parameters as a SIP stack reads them; {@code algorithm} null or blank means MD5. */
        public static Challenge of(String realm, String nonce, String algorithm, String qop, String opaque) {
            return of(realm, nonce, algorithm, qop, opaque, false);
        }

        /** The same with the {@code stale} flag. */
        public static Challenge of(String realm, String nonce, String algorithm, String qop, String opaque,
                                   boolean stale) {
            boolean named = algorithm != null && !algorithm.isBlank();
            return new Challenge(realm, nonce, opaque, named ? algorithm.strip() : "MD5", named, qop, stale);
        }

        /** True when the server offered {@code qop} containing {@code auth}: the answer carries qop=auth. */
        public boolean qopAuth() {
            if (qop == null) {
                return false;
            }
            for (String q : qop.split(",")) {
                if (q.strip().equalsIgnoreCase("auth")) {
                    return true;
                }
            }
            return false;
        }

        /** Whether we can answer it: realm and nonce present, an algorithm we compute, qop absent or with auth. */
        public boolean answerable() {
            return realm != null && nonce != null && DigestResponse.hashOf(algorithm).isPresent()
                    && (qop == null || qopAuth());
        }

        private boolean sha256() {
            return algorithm.toUpperCase(Locale.ROOT).startsWith("SHA-256");
        }
    }

    /**
     * The values of the answer. {@code algorithm} is null when the challenge named none; {@code qop} and {@code nc}
     * are null without qop; {@code cnonce} is null unless there is a qop or a "-sess" algorithm (which hashes it).
     */
    public record Answer(String username, String realm, String nonce, String uri, String response, String algorithm,
                         String qop, String cnonce, String nc, String opaque) {

        /**
         * The answer as an {@code Authorization} / {@code Proxy-Authorization} header value. It always names the
         * algorithm ({@code MD5} when the challenge did not), as the gateway has always written it to trunks.
         */
        public String headerValue() {
            StringBuilder sb = new StringBuilder("Digest username=\"").append(quote(username))
                    .append("\", realm=\"").append(quote(realm))
                    .append("\", nonce=\"").append(quote(nonce))
                    .append("\", uri=\"").append(quote(uri))
                    .append("\", response=\"").append(response)
                    .append("\", algorithm=").append(algorithm == null ? "MD5" : algorithm);
            if (cnonce != null) {
                sb.append(", cnonce=\"").append(quote(cnonce)).append('"');
            }
            if (qop != null) {
                sb.append(", qop=").append(qop).append(", nc=").append(nc);
            }
            if (opaque != null) {
                sb.append(", opaque=\"").append(quote(opaque)).append('"');
            }
            return sb.toString();
        }
    }

    /** Parses a challenge header value ({@code Digest realm="…", nonce="…", …}); empty unless it is answerable. */
    public static Optional<Challenge> parse(String headerValue) {
        if (headerValue == null) {
            return Optional.empty();
        }
        String v = headerValue.strip();
        if (v.length() < 7 || !v.substring(0, 6).equalsIgnoreCase("Digest") || !Character.isWhitespace(v.charAt(6))) {
            return Optional.empty();
        }
        Map<String, String> p = params(v.substring(7));
        String algorithm = p.get("algorithm");
        Challenge c = new Challenge(p.get("realm"), p.get("nonce"), p.get("opaque"),
                algorithm == null ? "MD5" : algorithm, algorithm != null, p.get("qop"),
                "true".equalsIgnoreCase(p.get("stale")));
        return c.answerable() ? Optional.of(c) : Optional.empty();
    }

    /** Every challenge we can answer among header values, in the server's order. */
    public static List<Challenge> usable(List<String> headerValues) {
        List<Challenge> out = new ArrayList<>();
        for (String v : headerValues) {
            parse(v).ifPresent(out::add);
        }
        return out;
    }

    /** The challenge to answer: the first answerable SHA-256 one, otherwise the first answerable one. */
    public static Optional<Challenge> choose(List<Challenge> challenges) {
        return challenges.stream().filter(Challenge::answerable)
                .min(Comparator.comparingInt(c -> c.sha256() ? 0 : 1));
    }

    /**
     * The answer to {@code challenge} for one request.
     *
     * @param method     the request's method (REGISTER, INVITE, BYE …)
     * @param uri        the digest-uri: the request's Request-URI as sent
     * @param nonceCount the nonce count, 1 for the first use of this nonce (used only with qop)
     * @param cnonce     a fresh client nonce (used with qop and "-sess")
     */
    public static Answer answer(Challenge challenge, String username, String password, String method, String uri,
                                int nonceCount, String cnonce) {
        return answer(challenge, username, password, method, uri, String.format(Locale.ROOT, "%08x", nonceCount),
                cnonce);
    }

    /** The same with the nonce count written as given (a test's replayed or malformed count). */
    public static Answer answer(Challenge challenge, String username, String password, String method, String uri,
                                String nc, String cnonce) {
        String alg = challenge.algorithm();
        boolean sess = alg.toUpperCase(Locale.ROOT).endsWith("-SESS");
        boolean auth = challenge.qopAuth();
        String qop = auth ? "auth" : null;
        String ncOrNull = auth ? nc : null;
        String cn = auth || sess ? cnonce : null;
        String response = DigestResponse.response(alg, username, challenge.realm(), password, method, uri,
                challenge.nonce(), ncOrNull, cn, qop);
        return new Answer(username, challenge.realm(), challenge.nonce(), uri, response,
                challenge.algorithmNamed() ? alg : null, qop, cn, ncOrNull, challenge.opaque());
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

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
