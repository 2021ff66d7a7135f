package dev.cti.server.recording;

/**
 * Why a recording's audio cannot be served, each with its HTTP answer ({@link Kind}). The message is for the
 * server's log (it names the recording and, for key problems, the key id); the client gets the kind's code and text.
 */
public final class PlaybackException extends Exception {

    /** A reason, its HTTP status, error code and the message the client sees. */
    public enum Kind {
        /** The file is not where the index says (lost, or deleted outside the retention job). */
        MISSING(410, "recording_missing", "the recording's file is gone"),
        /** The retention job had it deleted. */
        DELETED(410, "recording_deleted", "the recording was deleted by the retention policy"),
        /** The index names a path outside {@code recording.directory}: refused. */
        BAD_PATH(500, "recording_unreadable", "the recording's file cannot be read (see the server log)"),
        /** The key file cannot be read. */
        KEYS_UNAVAILABLE(500, "recording_keys_unavailable", "the recording key file cannot be read (see the server log)"),
        /** The file names a key id the key file does not have (even after reloading it). */
        KEY_UNKNOWN(500, "recording_key_unknown", "the recording's key is not in the key file (see the server log)"),
        /** A chunk does not authenticate: the key under its id is another one, or the file is damaged. */
        KEY_MISMATCH(500, "recording_key_mismatch",
                "the recording does not decrypt with its key: wrong key or damaged file (see the server log)"),
        /** Not a recording, or a format this server cannot read. */
        NOT_A_RECORDING(500, "recording_unreadable", "the recording's file cannot be read (see the server log)"),
        /** Another I/O error. */
        IO_ERROR(500, "internal", "the recording could not be read");

        private final int status;
        private final String code;
        private final String clientMessage;

        Kind(int status, String code, String clientMessage) {
            this.status = status;
            this.code = code;
            this.clientMessage = clientMessage;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }

        public String clientMessage() {
            return clientMessage;
        }

        /** The playback metric's outcome label. */
        public String outcome() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Kind kind;

    public PlaybackException(Kind kind, String logMessage) {
        super(logMessage);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
