package dev.cti.link.message;

import java.util.Objects;

/**
 * Turns a connected consult into a three-way conference: the customer, the agent and the consulted party each hear
 * the other two (the gateway's mixer); the customer's hold is over ({@link CallResumed}). Then {@link CompleteConsult}
 * lets the agent leave (the customer and the consulted party go on together) and {@link CancelConsult} drops the
 * consulted party (back to the two-party call); the consulted party hanging up does the same. Result:
 * {@link ConsultProgress} {@code CONFERENCED}, or {@link CommandRejected} {@code INVALID_STATE} unless a consult of the
 * call is connected.
 */
public record Conference(String callId) implements LinkCommand {

    public Conference {
        Objects.requireNonNull(callId, "callId");
    }
}
