package dev.cti.recording;

import java.nio.file.Path;

/** A mistake in the key file, as {@code file:line: message} (line 0 when it is about the whole file). */
public final class KeyFileException extends RecordingException {
    public KeyFileException(Path file, int line, String message) {
        super(file + ":" + line + ": " + message);
    }
}
