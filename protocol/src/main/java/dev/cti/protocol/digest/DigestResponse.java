package dev.cti.protocol.digest;

import java.util.Locale;
import java.util.Optional;

/**
 * The client's {@code response} to an HTTP Digest challenge (RFC 2617, RFC 7616, RFC 8760 for SIP), for any
 * algorithm token a server may name: MD5, MD5-sess, SHA-256, SHA-256-sess. Pure functions: {@link DigestClient}
 * parses the challenge and writes the answer (the gateway's to a trunk, the softphone's to its registrar); the
 * caller supplies the cnonce.
 */
public final class DigestResponse {

    private static final String SESS = "-SESS";

    private DigestResponse() {}

    /**
     * The {@code response} value (RFC 7616 3.4.1): {@code H(A1:nonce:nc:cnonce:qop:H(A2))} with qop,
     * {@code H(A1:nonce:H(A2))} without; A1 is {@code H(user:realm:password)}, for "-sess" algorithms
     * {@code H(H(user:realm:password):nonce:cnonce)}; A2 is {@code method:uri}.
     *
     * @param qop {@code auth}, or null (or empty) for the RFC 2069 form without qop
     * @throws IllegalArgumentException for an algorithm we cannot compute
     */
    public static String response(String algorithm, String username, String realm, String password, String method,
                                  String uri, String nonce, String nc, String cnonce, String qop) {
        DigestAlgorithm hash = hashOf(algorithm).orElseThrow(() -> new IllegalArgumentException(
                "unsupported digest algorithm " + algorithm));
        String ha1 = hash.hex(username + ":" + realm + ":" + password);
        if (algorithm.strip().toUpperCase(Locale.ROOT).endsWith(SESS)) {
            ha1 = hash.hex(ha1 + ":" + nonce + ":" + cnonce);
        }
        return hash.responseFromHa1(ha1, method, uri, nonce, nc, cnonce, qop);
    }

    /** The hash of a Digest algorithm token ("-sess" forms included), empty when unsupported. */
    public static Optional<DigestAlgorithm> hashOf(String algorithm) {
        String token = algorithm.strip().toUpperCase(Locale.ROOT);
        if (token.endsWith(SESS)) {
            token = token.substring(0, token.length() - SESS.length());
        }
        return token.isEmpty() ? Optional.empty() : DigestAlgorithm.fromToken(token);
    }
}
