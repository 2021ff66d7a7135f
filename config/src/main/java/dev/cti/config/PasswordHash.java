package dev.cti.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes for users: PBKDF2-HMAC-SHA256 with a random 16-byte salt, encoded as
 * {@code pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>}. The configuration stores only these;
 * {@code bin/cti hash-password} makes one.
 */
public final class PasswordHash {
    public static final String SCHEME = "pbkdf2-sha256";
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    private static final int MIN_ITERATIONS = 10_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private PasswordHash() {}

    public static String hash(char[] password) {
        return hash(password, DEFAULT_ITERATIONS, new SecureRandom());
    }

    static String hash(char[] password, int iterations, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] derived = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(derived);
    }

    /** Whether {@code password} matches {@code encoded}; false (never an exception) for a malformed hash. */
    public static boolean verify(char[] password, String encoded) {
        Parsed p = parse(encoded);
        if (p == null) {
            return false;
        }
        byte[] derived = derive(password, p.salt, p.iterations);
        return MessageDigest.isEqual(derived, p.hash);
    }

    /** Null when {@code encoded} is a well-formed hash, else what is wrong with it (for config errors). */
    public static String problem(String encoded) {
        return parse(encoded) == null
                ? "must be a password hash '" + SCHEME + "$<iterations>$<salt>$<hash>' made by `bin/cti hash-password`"
                        + " (never a plain password)"
                : null;
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {}

    private static Parsed parse(String encoded) {
        if (encoded == null) {
            return null;
        }
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return null;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            if (iterations < MIN_ITERATIONS || salt.length < 8 || hash.length != HASH_BITS / 8) {
                return null;
            }
            return new Parsed(iterations, salt, hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** {@code bin/cti hash-password}: reads a password from the console (or stdin) and prints its hash. */
    public static void main(String[] args) throws java.io.IOException {
        char[] password;
        if (System.console() != null) {
            password = System.console().readPassword("Password: ");
            char[] again = System.console().readPassword("Again: ");
            if (!Arrays.equals(password, again)) {
                System.err.println("The two passwords differ.");
                System.exit(1);
            }
        } else {
            byte[] in = System.in.readAllBytes();
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(in));
            password = chars.toString().strip().toCharArray();
        }
        if (password.length < 8) {
            System.err.println("Use at least 8 characters.");
            System.exit(1);
        }
        System.out.println(hash(password));
    }
}
