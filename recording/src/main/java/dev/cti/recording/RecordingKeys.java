package dev.cti.recording;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The key file as a live source: read once, and read again when a recording names a key id it does not know
 * (another process rotated the file). Thread-safe.
 */
public final class RecordingKeys implements KeyLookup {
    private final Path file;
    private volatile KeyRing ring;
    private volatile String stamp;

    private RecordingKeys(Path file, KeyRing ring, String stamp) {
        this.file = file;
        this.ring = ring;
        this.stamp = stamp;
    }

    /** Reads the key file; fails with {@link KeyFileException} on any mistake in it. */
    public static RecordingKeys open(Path file) throws IOException {
        String stamp = stamp(file);
        return new RecordingKeys(file, KeyFile.read(file), stamp);
    }

    private static String stamp(Path file) throws IOException {
        return java.nio.file.Files.getLastModifiedTime(file) + "/" + java.nio.file.Files.size(file);
    }

    /**
     * The current key, after reading the file again if it changed since it was last read (a rotation appended a
     * line): what a writer calls before each new recording, so a rotation needs no restart. A file that became
     * unreadable keeps the keys already read (and the error is thrown to say so).
     */
    public RecordingKey currentFresh() throws IOException {
        if (!stamp(file).equals(stamp)) {
            reload();
        }
        return current();
    }

    /** The key new recordings are written with (the file's last line, as last read). */
    public RecordingKey current() {
        return ring.current();
    }

    @Override
    public Optional<RecordingKey> find(String keyId) throws IOException {
        Optional<RecordingKey> key = ring.find(keyId);
        if (key.isPresent()) {
            return key;
        }
        return reload().find(keyId);
    }

    /** Reads the file again (a rotation appended a key); returns the new ring. */
    public synchronized KeyRing reload() throws IOException {
        String s = stamp(file);
        ring = KeyFile.read(file);
        stamp = s;
        return ring;
    }

    public Path file() {
        return file;
    }

    @Override
    public String describe() {
        return "the key file " + file;
    }
}
