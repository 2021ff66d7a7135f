package dev.cti.link.message;

import dev.cti.privacy.PhoneMask;
import java.util.Objects;

/**
 * A customer call arrived on a trunk and the gateway picked its queue from the dialled number.
 * The caller hears the queue treatment from now on; the server decides which agent gets it.
 *
 * @param queueId queue chosen from the dialled number
 * @param callerNumber the customer's number (personal data: never logged unmasked)
 * @param dialledNumber the service number dialled
 */
public record CallOffered(
        String callId,
        String queueId,
        String callerNumber,
        String dialledNumber,
        String trunkId,
        long at)
        implements CallEvent {

    public CallOffered {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(callerNumber, "callerNumber");
        Objects.requireNonNull(dialledNumber, "dialledNumber");
        Objects.requireNonNull(trunkId, "trunkId");
    }

    /** Masks the phone number: records end up in log lines. */
    @Override
    public String toString() {
        return "CallOffered[" + "callId=" + callId + ", "
                + "queueId=" + queueId + ", "
                + "callerNumber=" + PhoneMask.mask(callerNumber) + ", "
                + "dialledNumber=" + dialledNumber + ", "
                + "trunkId=" + trunkId + ", "
                + "at=" + at + "]";
    }
}
