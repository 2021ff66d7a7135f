package dev.cti.link.message;

import java.util.Objects;

/**
 * Put a connected call on hold from the gateway (a request made through the server, not on the phone):
 * the gateway stops the audio between the parties and plays music on hold to the caller. The agent's
 * phone is not re-INVITEd, so any phone works. Result: {@link CallHeld}, or {@link CommandRejected}
 * ({@code INVALID_STATE} when the call is not connected, {@code UNKNOWN_CALL}).
 */
public record HoldCall(String callId) implements LinkCommand {

    public HoldCall {
        Objects.requireNonNull(callId, "callId");
    }
}
