package dev.cti.recording;

import java.io.IOException;

/**
 * Something is wrong with a recording file or the key file. The subclasses say what, each with a message meant
 * for an operator's log line: {@link RecordingFormatException} (not a recording, or a header this version cannot
 * read), {@link UnknownKeyException}, {@link ChunkAuthenticationException} (wrong key or a corrupted file) and
 * {@link KeyFileException} ({@code file:line: message}).
 */
public class RecordingException extends IOException {
    public RecordingException(String message) {
        super(message);
    }

    public RecordingException(String message, Throwable cause) {
        super(message, cause);
    }
}
