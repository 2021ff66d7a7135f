package dev.cti.link.message;

import java.util.Objects;

/**
 * The gateway started recording a call (when it connected: an agent answered, or the customer answered a
 * click-to-dial call). One recording per call: it follows the call through transfers, take-over and monitoring.
 *
 * @param file the file's path relative to the gateway's {@code recording.directory} ({@code yyyy/MM/dd/<id>.ctirec})
 */
public record RecordingStarted(String recordingId, String callId, String file, long at) implements CallEvent {

    public RecordingStarted {
        Objects.requireNonNull(recordingId, "recordingId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(file, "file");
    }
}
