package dev.cti.gateway.media.dtls;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A certificate fingerprint as SDP carries it ({@code a=fingerprint:sha-256 AB:CD:...}, RFC 8122 §5): the hash
 * function's name and the digest of the DER certificate. The peer's DTLS certificate must hash to the one its SDP
 * gave (RFC 5763 §5); the SIP that carried the SDP vouches for it.
 */
public record DtlsFingerprint(String algorithm, byte[] digest) {

    public DtlsFingerprint {
        algorithm = Objects.requireNonNull(algorithm, "algorithm").toLowerCase(Locale.ROOT);
        digest = digest.clone();
        javaName(algorithm);
    }

    /**
     * The value of an {@code a=fingerprint} attribute: {@code sha-256 AB:CD:...}.
     *
     * @throws IllegalArgumentException naming what is wrong (an unknown hash, bad hex, a digest of the wrong length)
     */
    public static DtlsFingerprint parse(String value) {
        String[] parts = value.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a=fingerprint wants \"<hash> <hex:hex:...>\", got " + parts.length
                    + " fields");
        }
        byte[] digest;
        try {
            digest = HexFormat.ofDelimiter(":").parseHex(parts[1].toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a=fingerprint: the digest is not colon-separated hex");
        }
        DtlsFingerprint f = new DtlsFingerprint(parts[0], digest);
        if (digest.length != digestLength(f.algorithm)) {
            throw new IllegalArgumentException("a=fingerprint: a " + f.algorithm + " digest is "
                    + digestLength(f.algorithm) + " bytes, got " + digest.length);
        }
        return f;
    }

    /** The {@code algorithm} fingerprint of a DER certificate. */
    public static DtlsFingerprint of(String algorithm, byte[] derCertificate) {
        return new DtlsFingerprint(algorithm, digest(algorithm, derCertificate));
    }

    /** Whether {@code derCertificate} hashes to this fingerprint. */
    public boolean matches(byte[] derCertificate) {
        return MessageDigest.isEqual(digest, digest(algorithm, derCertificate));
    }

    /** The attribute value, {@code sha-256 AB:CD:...}. */
    public String sdpValue() {
        return algorithm + " " + HexFormat.ofDelimiter(":").formatHex(digest).toUpperCase(Locale.ROOT);
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DtlsFingerprint f && f.algorithm.equals(algorithm) && MessageDigest.isEqual(f.digest, digest);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + java.util.Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return sdpValue();
    }

    private static byte[] digest(String algorithm, byte[] der) {
        try {
            return MessageDigest.getInstance(javaName(algorithm)).digest(der);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + algorithm, e);
        }
    }

    private static int digestLength(String algorithm) {
        return switch (algorithm) {
            case "sha-1" -> 20;
            case "sha-256" -> 32;
            case "sha-384" -> 48;
            default -> 64;
        };
    }

    private static String javaName(String algorithm) {
        return switch (algorithm) {
            case "sha-1" -> "SHA-1";
            case "sha-256" -> "SHA-256";
            case "sha-384" -> "SHA-384";
            case "sha-512" -> "SHA-512";
            default -> throw new IllegalArgumentException("a=fingerprint: unsupported hash \"" + algorithm
                    + "\" (sha-1, sha-256, sha-384, sha-512)");
        };
    }
}
