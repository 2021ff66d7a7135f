package dev.cti.agent.phone;

import dev.cti.protocol.digest.DigestResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP digest for SIP (RFC 3261 22.4, RFC 2617 qop=auth) with MD5 and SHA-256 (RFC 8760, RFC 7616). Pure functions
 * over a parsed challenge so they are testable without a stack; {@link Softphone} copies the result into an
 * Authorization/Proxy-Authorization header. The hashing is the shared {@link DigestResponse} (the gateway answers
 * its trunks with it too); what stays here is the softphone's choice among challenges and its answer's fields.
 */
public final class DigestAuth {

    /** One WWW-Authenticate / Proxy-Authenticate challenge. {@code algorithm} null means MD5. */
    public record Challenge(String realm, String nonce, String algorithm, String qop, String opaque) {
        String algorithmOrMd5() {
            return algorithm == null || algorithm.isBlank() ? "MD5" : algorithm;
        }
    }

    /** The values of the answer header. {@code qop}, {@code cnonce}, {@code nc} are null without qop. */
    public record Answer(String username, String realm, String nonce, String uri, String response, String algorithm,
                         String qop, String cnonce, String nc, String opaque) {}

    private DigestAuth() {}

    /** Whether we can answer this algorithm. */
    public static boolean supported(Challenge c) {
        String a = c.algorithmOrMd5().toUpperCase(Locale.ROOT);
        return a.equals("MD5") || a.equals("MD5-SESS") || a.equals("SHA-256") || a.equals("SHA-256-SESS");
    }

    /**
     * Picks the challenge to answer: RFC 8760 lets a server offer several, most preferred first; we take SHA-256
     * over MD5, otherwise the server's order.
     */
    public static Optional<Challenge> choose(List<Challenge> challenges) {
        return challenges.stream().filter(DigestAuth::supported)
                .min(Comparator.comparingInt(c -> c.algorithmOrMd5().toUpperCase(Locale.ROOT).startsWith("SHA-256") ? 0 : 1));
    }

    /** @param cnonce a fresh client nonce (see {@link SipMessages#cnonce()}), used with qop and "-sess" */
    static Answer answer(Challenge c, String username, String password, String method, String uri, int nonceCount,
                         String cnonce) {
        String alg = c.algorithmOrMd5();
        boolean sess = alg.toUpperCase(Locale.ROOT).endsWith("-SESS");
        boolean auth = c.qop() != null && List.of(c.qop().toLowerCase(Locale.ROOT).split("\\s*,\\s*")).contains("auth");
        String nc = auth ? String.format("%08x", nonceCount) : null;
        String cn = auth || sess ? cnonce : null;
        String response = DigestResponse.response(alg, username, c.realm(), password, method, uri, c.nonce(), nc, cn,
                auth ? "auth" : null);
        return new Answer(username, c.realm(), c.nonce(), uri, response, c.algorithm() == null ? null : alg,
                auth ? "auth" : null, cn, nc, c.opaque());
    }

}
