package dev.cti.privacy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A keyed digest of a phone number (HMAC-SHA256, JDK crypto) for records that only need to match a number, never to
 * show it: the same number always gives the same digest, so "was 13812345678 looked up?" is answered by computing
 * its digest; without the key (which lives in the data directory, not in the database) the digests give nothing
 * back, not even by trying every number of 11 digits, which a plain hash would allow. docs/SECURITY.md, "Phone
 * numbers".
 */
public final class NumberDigest {
    /** The prefix of every digest, naming the algorithm. */
    public static final String PREFIX = "hmac-sha256:";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public NumberDigest(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the number key must have at least 256 bits");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /**
     * {@code hmac-sha256:} and the first 128 bits, in hex, of the HMAC of {@code number} exactly as given (44
     * characters: it fits the audit log's target column; 128 bits leave no collision among a country's numbers).
     */
    public String of(String number) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] full = mac.doFinal(number.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(full, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is in every Java runtime", e);
        }
    }

    /**
     * The key in {@code file} (base64 of 32 bytes), made on first use with owner-only permissions where the file
     * system has them. Blocking: call it at start-up. Two processes starting at once agree: the file is created with
     * CREATE_NEW, the loser reads the winner's.
     */
    public static NumberDigest fromKeyFile(Path file, SecureRandom random) throws IOException {
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".number-key", ".tmp");
            try {
                if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                }
                Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n", StandardOpenOption.TRUNCATE_EXISTING);
                try {
                    Files.createLink(file, tmp);
                } catch (FileAlreadyExistsException lost) {
                    // another process made it first: use theirs
                } catch (UnsupportedOperationException | IOException noLinks) {
                    if (!Files.exists(file)) {
                        Files.move(tmp, file);
                    }
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            return new NumberDigest(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not hold a base64 key of 32 bytes", e);
        }
    }
}
