package dev.cti.link.message;

import java.util.Objects;

/**
 * Resume a paused recording. Result: {@link RecordingResumed}; {@link CommandRejected} {@code NOT_RECORDED} when the call is not recorded, {@code INVALID_STATE} when not paused, {@code UNKNOWN_CALL}.
 *
 * @param user who asks (the server's user name), echoed in the result for the audit log
 */
public record ResumeRecording(String callId, String user) implements LinkCommand {

    public ResumeRecording {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(user, "user");
    }
}
