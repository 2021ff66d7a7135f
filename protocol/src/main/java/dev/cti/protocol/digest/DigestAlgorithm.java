package dev.cti.protocol.digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP Digest hash algorithms for SIP (RFC 2617, RFC 8760). The gateway's registrar offers SHA-256 first and MD5
 * second: RFC 8760 8.2 says the UAC picks the first it supports, so capable phones use SHA-256 and old ones still
 * work with MD5. The "-sess" variants are not offered; answering them is {@link DigestResponse}'s.
 */
public enum DigestAlgorithm {
    SHA_256("SHA-256", "SHA-256"),
    MD5("MD5", "MD5");

    private final String token;
    private final String jcaName;

    DigestAlgorithm(String token, String jcaName) {
        this.token = token;
        this.jcaName = jcaName;
    }

    /** The value of the {@code algorithm} parameter. */
    public String token() {
        return token;
    }

    /** The algorithm a client named; absent {@code algorithm} means MD5 (RFC 2617 3.2.1). */
    public static Optional<DigestAlgorithm> fromToken(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.of(MD5);
        }
        String t = token.trim().toUpperCase(Locale.ROOT);
        for (DigestAlgorithm a : values()) {
            if (a.token.equals(t)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Lower-case hex of the hash of the UTF-8 bytes of {@code s}. */
    public String hex(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance(jcaName);
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is mandatory in every JRE", e);
        }
    }

    /**
     * The expected {@code response} (RFC 2617 3.2.2.1): with qop=auth
     * {@code H(H(user:realm:pw):nonce:nc:cnonce:qop:H(method:uri))}, without qop (RFC 2069 clients)
     * {@code H(H(user:realm:pw):nonce:H(method:uri))}.
     */
    public String response(String username, String realm, String password, String method, String uri, String nonce,
                           String nc, String cnonce, String qop) {
        return responseFromHa1(hex(username + ":" + realm + ":" + password), method, uri, nonce, nc, cnonce, qop);
    }

    /**
     * The {@code response} from a given {@code H(A1)}: the one formula for the registrar's check and for every
     * answer to a challenge ({@link DigestResponse}, whose "-sess" A1 differs).
     */
    public String responseFromHa1(String ha1, String method, String uri, String nonce, String nc, String cnonce,
                                  String qop) {
        String ha2 = hex(method + ":" + uri);
        if (qop == null || qop.isEmpty()) {
            return hex(ha1 + ":" + nonce + ":" + ha2);
        }
        return hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }
}
