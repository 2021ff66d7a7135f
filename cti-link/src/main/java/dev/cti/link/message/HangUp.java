package dev.cti.link.message;

import java.util.Objects;

/**
 * End a call. The {@code cause} is what {@link CallCleared} will report: {@code SERVER_HANGUP} normally,
 * {@code MAX_WAIT} when the queue gave up on the caller.
 */
public record HangUp(String callId, ClearCause cause) implements LinkCommand {

    public HangUp {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(cause, "cause");
    }
}
