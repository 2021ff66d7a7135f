package dev.cti.link.message;

import java.util.Objects;

/**
 * Progress of an {@link Originate}; {@code requestId} is the server's, {@code callId} the gateway's.
 */
public record OriginateProgress(
        String requestId,
        String callId,
        OriginateState state,
        long at)
        implements LinkEvent {

    public OriginateProgress {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(state, "state");
    }
}
