package dev.cti.link.message;

import java.util.Objects;

/**
 * Completes a consult (attended transfer): the customer is joined to the consulted party and the agent's leg is hung
 * up. Result: {@link ConsultProgress} {@code COMPLETED}, or {@link CommandRejected} {@code INVALID_STATE} when no
 * consult of the call is connected.
 */
public record CompleteConsult(String callId) implements LinkCommand {

    public CompleteConsult {
        Objects.requireNonNull(callId, "callId");
    }
}
