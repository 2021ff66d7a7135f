package dev.cti.link.message;

import java.util.Objects;

/**
 * The call's recording is resumed: the audio is recorded again. Answer to {@link ResumeRecording}.
 *
 * @param user         who asked (the {@code user} of the command), for the server's audit log
 * @param offsetMillis where in the recording it happened, milliseconds from its start
 */
public record RecordingResumed(String recordingId, String callId, String user, long offsetMillis, long at)
        implements CallEvent {

    public RecordingResumed {
        Objects.requireNonNull(recordingId, "recordingId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(user, "user");
    }
}
