package dev.cti.link.message;

import dev.cti.privacy.PhoneMask;
import java.util.Objects;

/**
 * Consult (the first step of an attended transfer): the gateway holds the customer (music on hold), calls a target on
 * a new leg and bridges it to the agent, who talks to it privately. The target is an agent's phone ({@code agentId}
 * and {@code extension}) or a number dialled through the trunk ({@code number}), never both. Progress:
 * {@link ConsultProgress}; then {@link CompleteConsult} or {@link CancelConsult}. Refused ({@link CommandRejected})
 * {@code INVALID_STATE} unless the call is connected to an agent (or held by the gateway), {@code UNKNOWN_EXTENSION}
 * when the target agent's phone is not registered, {@code NOT_ALLOWED} when the dial plan refuses the number.
 *
 * @param agentId   the target agent (with {@code extension}), or null for a number
 * @param extension the target agent's extension, or null for a number
 * @param number    the number to dial through the trunk, or null for an agent
 */
public record Consult(String callId, String agentId, String extension, String number) implements LinkCommand {

    public Consult {
        Objects.requireNonNull(callId, "callId");
        if ((number == null) == (agentId == null || extension == null)) {
            throw new IllegalArgumentException("a consult targets an agent (agentId, extension) or a number");
        }
    }

    /** Masks the phone number: records end up in log lines. */
    @Override
    public String toString() {
        return "Consult[callId=" + callId + ", agentId=" + agentId + ", extension=" + extension + ", number="
                + (number == null ? null : PhoneMask.mask(number)) + "]";
    }
}
