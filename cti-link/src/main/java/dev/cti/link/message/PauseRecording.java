package dev.cti.link.message;

import java.util.Objects;

/**
 * Pause the call's recording: both channels are silent in the file until {@link ResumeRecording} (e.g. while the customer reads a card number). Result: {@link RecordingPaused}; {@link CommandRejected} {@code NOT_RECORDED} when the call is not recorded, {@code INVALID_STATE} when already paused, {@code UNKNOWN_CALL}.
 *
 * @param user who asks (the server's user name), echoed in the result for the audit log
 */
public record PauseRecording(String callId, String user) implements LinkCommand {

    public PauseRecording {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(user, "user");
    }
}
