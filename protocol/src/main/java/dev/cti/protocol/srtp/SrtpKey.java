package dev.cti.protocol.srtp;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.random.RandomGenerator;

/**
 * One SRTP master key and master salt (RFC 3711 §8.1), as SDES carries them in {@code inline:} (RFC 4568 §6.1:
 * base64 of key ‖ salt). Never printed: {@link #toString()} names the key by a short fingerprint only, so a key
 * that reaches a log line by mistake is still not in it.
 */
public final class SrtpKey {
    private final byte[] key;
    private final byte[] salt;

    public SrtpKey(byte[] key, byte[] salt) {
        if (key.length != SrtpSuite.KEY_LENGTH || salt.length != SrtpSuite.SALT_LENGTH) {
            throw new IllegalArgumentException("an SRTP master key is " + SrtpSuite.KEY_LENGTH + " bytes and its salt "
                    + SrtpSuite.SALT_LENGTH + ", got " + key.length + " and " + salt.length);
        }
        this.key = key.clone();
        this.salt = salt.clone();
    }

    /** A fresh key and salt from {@code random} (a {@link java.security.SecureRandom} in production). */
    public static SrtpKey random(RandomGenerator random) {
        byte[] k = new byte[SrtpSuite.KEY_LENGTH];
        byte[] s = new byte[SrtpSuite.SALT_LENGTH];
        random.nextBytes(k);
        random.nextBytes(s);
        return new SrtpKey(k, s);
    }

    /**
     * The key of an {@code inline:} value (without lifetime or MKI).
     *
     * @throws IllegalArgumentException with a message that does not repeat the value
     */
    public static SrtpKey fromInline(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key is not base64");
        }
        int want = SrtpSuite.KEY_LENGTH + SrtpSuite.SALT_LENGTH;
        if (raw.length != want) {
            throw new IllegalArgumentException("the key is " + raw.length + " bytes, not " + want
                    + " (16-byte master key and 14-byte salt)");
        }
        return new SrtpKey(Arrays.copyOf(raw, SrtpSuite.KEY_LENGTH),
                Arrays.copyOfRange(raw, SrtpSuite.KEY_LENGTH, want));
    }

    /** base64(key ‖ salt), what {@code inline:} carries. */
    public String inline() {
        byte[] raw = new byte[SrtpSuite.KEY_LENGTH + SrtpSuite.SALT_LENGTH];
        System.arraycopy(key, 0, raw, 0, key.length);
        System.arraycopy(salt, 0, raw, key.length, salt.length);
        return Base64.getEncoder().encodeToString(raw);
    }

    /** A copy of the master key. */
    public byte[] masterKey() {
        return key.clone();
    }

    /** A copy of the master salt. */
    public byte[] masterSalt() {
        return salt.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SrtpKey k && MessageDigest.isEqual(key, k.key) && MessageDigest.isEqual(salt, k.salt);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key) * 31 + Arrays.hashCode(salt);
    }

    /** No key material: a 4-byte hash to tell keys apart in a debugger, nothing an attacker can use. */
    @Override
    public String toString() {
        return "SrtpKey[" + Integer.toHexString(hashCode() & 0xffff) + "]";
    }
}
