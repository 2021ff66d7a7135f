package dev.cti.link.message;

import dev.cti.privacy.PhoneMask;
import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
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

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("callId", callId)
                .put("queueId", queueId)
                .put("callerNumber", callerNumber)
                .put("dialledNumber", dialledNumber)
                .put("trunkId", trunkId)
                .put("at", at)
                .json();
    }

    public static CallOffered fromJson(BodyReader r) {
        return new CallOffered(
                r.string("callId"),
                r.string("queueId"),
                r.string("callerNumber"),
                r.string("dialledNumber"),
                r.string("trunkId"),
                r.longValue("at"));
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
