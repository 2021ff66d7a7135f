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
 * <p>A consult to a queue ({@code queueId}) comes in two steps. First {@code queueId} alone: the customer is held and
 * the agent hears that queue's greeting and music while the server's ACD looks for one of its agents
 * ({@link ConsultState#QUEUED}). Then, when the ACD picked one, the same {@code queueId} with that agent's
 * {@code agentId} and {@code extension}: its phone is called as for an agent's consult. A target that is not reached
 * puts the consult back to waiting ({@code FAILED}, then {@code QUEUED} again).
 *
 * @param agentId   the target agent (with {@code extension}), or null for a number
 * @param extension the target agent's extension, or null for a number
 * @param number    the number to dial through the trunk, or null for an agent
 * @param queueId   the queue consulted (with or without the agent it picked), or null
 */
public record Consult(String callId, String agentId, String extension, String number, String queueId)
        implements LinkCommand {

    public Consult {
        Objects.requireNonNull(callId, "callId");
        boolean agent = agentId != null && extension != null;
        if (queueId != null ? number != null || (agentId == null) != (extension == null)
                : (number == null) != agent) {
            throw new IllegalArgumentException("a consult targets an agent (agentId, extension), a number or a queue");
        }
    }

    /** A consult of an agent or a number (no queue). */
    public Consult(String callId, String agentId, String extension, String number) {
        this(callId, agentId, extension, number, null);
    }

    /** The first step of a consult to a queue: the agent waits in {@code queueId}. */
    public static Consult queue(String callId, String queueId) {
        return new Consult(callId, null, null, null, Objects.requireNonNull(queueId, "queueId"));
    }

    /** Whether the consult waits in its queue for an agent (no agent picked yet). */
    public boolean waiting() {
        return queueId != null && agentId == null;
    }

    /** Masks the phone number: records end up in log lines. */
    @Override
    public String toString() {
        return "Consult[callId=" + callId + ", agentId=" + agentId + ", extension=" + extension + ", number="
                + (number == null ? null : PhoneMask.mask(number)) + ", queueId=" + queueId + "]";
    }
}
