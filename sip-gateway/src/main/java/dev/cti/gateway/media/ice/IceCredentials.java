package dev.cti.gateway.media.ice;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One side's ICE short-term credentials, {@code a=ice-ufrag} and {@code a=ice-pwd} (RFC 8839 §5.4): the ufrag at
 * least 4 and the password at least 22 characters of the ice-char set.
 */
public record IceCredentials(String ufrag, String password) {
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public IceCredentials {
        Objects.requireNonNull(ufrag, "ufrag");
        Objects.requireNonNull(password, "password");
        if (ufrag.length() < 4 || ufrag.length() > 256 || !iceChars(ufrag)) {
            throw new IllegalArgumentException("ice-ufrag must be 4 to 256 ice-chars");
        }
        if (password.length() < 22 || password.length() > 256 || !iceChars(password)) {
            throw new IllegalArgumentException("ice-pwd must be 22 to 256 ice-chars");
        }
    }

    /** Fresh credentials (8-character ufrag, 24-character password) from {@code random} (a SecureRandom). */
    public static IceCredentials random(RandomGenerator random) {
        return new IceCredentials(chars(random, 8), chars(random, 24));
    }

    private static String chars(RandomGenerator random, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(ICE_CHARS.charAt(random.nextInt(ICE_CHARS.length())));
        }
        return b.toString();
    }

    private static boolean iceChars(String s) {
        return s.chars().allMatch(c -> ICE_CHARS.indexOf(c) >= 0);
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "IceCredentials[" + ufrag + "]";
    }
}
