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

    private RecordingKeys(Path file, KeyRing ring) {
        this.file = file;
        this.ring = ring;
    }

    /** Reads the key file; fails with {@link KeyFileException} on any mistake in it. */
    public static RecordingKeys open(Path file) throws IOException {
        return new RecordingKeys(file, KeyFile.read(file));
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
        ring = KeyFile.read(file);
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
