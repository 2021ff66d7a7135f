package dev.cti.link.message;

import java.util.Objects;

/**
 * Take a call off a hold the gateway made ({@link HoldCall}). Result: {@link CallResumed}, or
 * {@link CommandRejected} {@code INVALID_STATE} when the call is not held by the gateway: a hold made on the
 * phone is the phone's to resume (RFC 3264: the holding side sets the direction).
 */
public record ResumeCall(String callId) implements LinkCommand {

    public ResumeCall {
        Objects.requireNonNull(callId, "callId");
    }
}
