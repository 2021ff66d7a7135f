package dev.cti.protocol.srtp;

import java.util.Optional;

/**
 * The SRTP crypto suites the gateway speaks (RFC 4568 §6.2): AES in counter mode with a 128-bit master key and a
 * 112-bit master salt, HMAC-SHA1 authentication with an 80- or a 32-bit tag on RTP (SRTCP always carries 80 bits).
 * Listed in the gateway's order of preference.
 */
public enum SrtpSuite {
    AES_CM_128_HMAC_SHA1_80(10),
    AES_CM_128_HMAC_SHA1_32(4);

    /** Master key length in bytes (AES-128). */
    public static final int KEY_LENGTH = 16;
    /** Master salt length in bytes (112 bits). */
    public static final int SALT_LENGTH = 14;
    /** HMAC-SHA1 session authentication key length in bytes (RFC 3711 §8.2: n_a = 160). */
    public static final int AUTH_KEY_LENGTH = 20;

    private final int tagLength;

    SrtpSuite(int tagLength) {
        this.tagLength = tagLength;
    }

    /** The RTP authentication tag's length in bytes. */
    public int tagLength() {
        return tagLength;
    }

    /** The name as written in {@code a=crypto} (the enum's name). */
    public String sdpName() {
        return name();
    }

    /** The suite of an {@code a=crypto} suite name (case as RFC 4568 writes it), empty for one we do not speak. */
    public static Optional<SrtpSuite> fromSdp(String name) {
        for (SrtpSuite s : values()) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
