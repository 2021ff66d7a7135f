package dev.cti.link.message;

import java.util.Objects;

/**
 * The call ended; the gateway forgets it after sending this.
 *
 * @param waitMillis time from offer to answer, or to the end if never answered
 * @param talkMillis time from answer to the end, 0 if never answered
 */
public record CallCleared(
        String callId,
        ClearCause cause,
        long waitMillis,
        long talkMillis,
        long at)
        implements CallEvent {

    public CallCleared {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(cause, "cause");
    }
}
