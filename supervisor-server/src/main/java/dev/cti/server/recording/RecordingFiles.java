package dev.cti.server.recording;

import dev.cti.recording.ChunkAuthenticationException;
import dev.cti.recording.KeyFileException;
import dev.cti.recording.RecordingFormatException;
import dev.cti.recording.RecordingHeader;
import dev.cti.recording.RecordingKeys;
import dev.cti.recording.RecordingReader;
import dev.cti.recording.UnknownKeyException;
import dev.cti.server.recording.PlaybackException.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encrypted recording files as the server reads them: from {@code recording.directory} on this host (the
 * gateway writes there), decrypted with the key file {@code recording.keyFile} through the {@code recording} module.
 * The key file is read when the first recording is opened (the gateway may create it after the server started) and
 * again when a recording names a key id it does not know (a rotation).
 *
 * <p>Blocking file I/O: call it on a worker, never on an event loop. Thread-safe.
 */
public final class RecordingFiles {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingFiles.class);

    private final Path directory;
    private final Path keyFile;
    private volatile RecordingKeys keys;

    public RecordingFiles(Path directory, Path keyFile) {
        this.directory = directory.toAbsolutePath().normalize();
        this.keyFile = keyFile;
    }

    public Path directory() {
        return directory;
    }

    /** The absolute path of a file the index names, refused unless it is inside the recording directory. */
    public Path resolve(String recordingId, String relative) throws PlaybackException {
        Path p;
        try {
            p = directory.resolve(relative).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            p = null;
        }
        if (p == null || !p.startsWith(directory) || p.equals(directory)) {
            LOG.error("recording {}: the index names a file outside {}; refused", recordingId, directory);
            throw new PlaybackException(Kind.BAD_PATH, "recording " + recordingId + ": path outside the directory");
        }
        return p;
    }

    /**
     * Opens a recording for reading (it plays up to its last whole chunk, so one still being written plays as far as
     * it is written). Every failure is logged once here, with the recording and the key id it concerns.
     */
    public RecordingReader open(String recordingId, String relative) throws PlaybackException {
        Path file = resolve(recordingId, relative);
        if (!Files.isRegularFile(file)) {
            LOG.warn("recording {}: file {} is missing", recordingId, relative);
            throw new PlaybackException(Kind.MISSING, "recording " + recordingId + ": no file " + relative);
        }
        RecordingKeys k = keys();
        try {
            return RecordingReader.open(file, k);
        } catch (UnknownKeyException e) {
            LOG.error("recording {}: key id '{}' is not in the key file {} (copy the key line from the gateway's key"
                    + " file; never remove a key a recording names)", recordingId, e.keyId(), keyFile);
            throw new PlaybackException(Kind.KEY_UNKNOWN, e.getMessage());
        } catch (ChunkAuthenticationException e) {
            String keyId = headerKeyId(file).orElse("?");
            LOG.error("recording {}: chunk {} does not authenticate with key id '{}' from {}: the key under that id is"
                    + " not the one the file was written with, or the file is damaged", recordingId, e.chunk(), keyId,
                    keyFile);
            throw new PlaybackException(Kind.KEY_MISMATCH, e.getMessage());
        } catch (RecordingFormatException e) {
            LOG.error("recording {}: {}", recordingId, e.getMessage());
            throw new PlaybackException(Kind.NOT_A_RECORDING, e.getMessage());
        } catch (NoSuchFileException e) {
            LOG.warn("recording {}: file {} is missing", recordingId, relative);
            throw new PlaybackException(Kind.MISSING, "recording " + recordingId + ": no file " + relative);
        } catch (IOException e) {
            LOG.error("recording {}: cannot read {}: {}", recordingId, relative, e.toString());
            throw new PlaybackException(Kind.IO_ERROR, e.toString());
        }
    }

    private RecordingKeys keys() throws PlaybackException {
        RecordingKeys k = keys;
        if (k != null) {
            return k;
        }
        synchronized (this) {
            if (keys == null) {
                try {
                    keys = RecordingKeys.open(keyFile);
                } catch (KeyFileException e) {
                    LOG.error("recording key file: {}", e.getMessage());
                    throw new PlaybackException(Kind.KEYS_UNAVAILABLE, e.getMessage());
                } catch (IOException e) {
                    LOG.error("recording key file {} cannot be read: {}", keyFile, e.toString());
                    throw new PlaybackException(Kind.KEYS_UNAVAILABLE, e.toString());
                }
            }
            return keys;
        }
    }

    /** The key id in a file's header, for a log line about a file that does not decrypt. */
    private static Optional<String> headerKeyId(Path file) {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(c.size(), 512));
            while (b.hasRemaining() && c.read(b) >= 0) {
                // until full or the end
            }
            b.flip();
            return Optional.of(RecordingHeader.parse(b, c.size()).keyId());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
