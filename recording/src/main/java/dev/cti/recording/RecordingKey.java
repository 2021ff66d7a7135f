package dev.cti.recording;

import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AES-256 key of the key file and the id recordings name it by. {@link #toString()} never shows the key.
 *
 * @param id letters, digits, '.', '_' or '-', 1 to 64 characters (it is written into every file's header)
 */
public record RecordingKey(String id, SecretKey key) {
    /** What a key id may look like. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** AES-256. */
    public static final int KEY_BYTES = 32;

    public RecordingKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("key id must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (key.getEncoded() == null || key.getEncoded().length != KEY_BYTES) {
            throw new IllegalArgumentException("key " + id + " is not 32 bytes (AES-256)");
        }
    }

    /** A key from its 32 raw bytes. */
    public static RecordingKey of(String id, byte[] raw) {
        return new RecordingKey(id, new SecretKeySpec(raw, "AES"));
    }

    @Override
    public String toString() {
        return "RecordingKey[" + id + "]";
    }
}
