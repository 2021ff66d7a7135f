package dev.cti.link.message;

import java.util.Objects;

/**
 * Cancels a consult: the consult leg is hung up (or its ringing cancelled) and the agent talks to the customer again,
 * the music stops. Result: {@link ConsultProgress} {@code CANCELLED} then {@link CallResumed}, or
 * {@link CommandRejected} {@code INVALID_STATE} when the call has no consult.
 */
public record CancelConsult(String callId) implements LinkCommand {

    public CancelConsult {
        Objects.requireNonNull(callId, "callId");
    }
}
