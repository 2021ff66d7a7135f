package dev.cti.link.message;

import java.util.Objects;

/**
 * The call's recording is paused: from now on both channels are silent in the file (e.g. while the customer reads a card number). Answer to {@link PauseRecording}.
 *
 * @param user         who asked (the {@code user} of the command), for the server's audit log
 * @param offsetMillis where in the recording it happened, milliseconds from its start
 */
public record RecordingPaused(String recordingId, String callId, String user, long offsetMillis, long at)
        implements CallEvent {

    public RecordingPaused {
        Objects.requireNonNull(recordingId, "recordingId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(user, "user");
    }
}
