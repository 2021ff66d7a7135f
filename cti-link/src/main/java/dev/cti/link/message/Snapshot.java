package dev.cti.link.message;

import dev.cti.link.Masking;
import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * The gateway's complete current state: every live call and every registered phone. It is sent after
 * {@link Hello} on every connection and on {@link RequestSnapshot}, and it is the link's recovery
 * mechanism: events emitted while the link was down are not replayed, the snapshot replaces them.
 * A call the server knows but the snapshot does not list has ended.
 *
 * @param at when the gateway took the snapshot, epoch millis
 */
public record Snapshot(List<CallSnapshot> calls, List<Registration> registrations, long at) implements LinkEvent {

    public Snapshot {
        calls = List.copyOf(calls);
        registrations = List.copyOf(registrations);
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("calls", calls, CallSnapshot::toJson)
                .put("registrations", registrations, Registration::toJson)
                .put("at", at)
                .json();
    }

    public static Snapshot fromJson(BodyReader r) {
        return new Snapshot(
                r.list("calls", CallSnapshot::fromJson),
                r.list("registrations", Registration::fromJson),
                r.longValue("at"));
    }

    /**
     * One live call.
     *
     * @param queueId     the queue the call waits in or came from; null for outbound calls
     * @param agentId     the agent ringing, talking or holding; null while queued
     * @param extension   the agent's extension; null while queued
     * @param callerNumber the customer's number (for outbound calls, the number dialled)
     * @param startedAt   when the call was offered or originated
     * @param answeredAt  when an agent answered (or the far end of an outbound call); null before
     * @param heldAt      when the current hold began; null unless {@link CallState#HELD}
     */
    public record CallSnapshot(
            String callId,
            CallState state,
            String queueId,
            String agentId,
            String extension,
            String callerNumber,
            long startedAt,
            Long answeredAt,
            Long heldAt) {

        public CallSnapshot {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(callerNumber, "callerNumber");
        }

        public JsonObject toJson() {
            return new BodyWriter()
                    .put("callId", callId)
                    .put("state", state)
                    .put("queueId", queueId)
                    .put("agentId", agentId)
                    .put("extension", extension)
                    .put("callerNumber", callerNumber)
                    .put("startedAt", startedAt)
                    .put("answeredAt", answeredAt)
                    .put("heldAt", heldAt)
                    .json();
        }

        public static CallSnapshot fromJson(BodyReader r) {
            return new CallSnapshot(
                    r.string("callId"),
                    r.enumValue("state", CallState.class),
                    r.optString("queueId"),
                    r.optString("agentId"),
                    r.optString("extension"),
                    r.string("callerNumber"),
                    r.longValue("startedAt"),
                    r.optLong("answeredAt"),
                    r.optLong("heldAt"));
        }

        /** Masks the phone number: records end up in log lines. */
        @Override
        public String toString() {
            return "CallSnapshot[callId=" + callId + ", state=" + state + ", queueId=" + queueId
                    + ", agentId=" + agentId + ", extension=" + extension
                    + ", callerNumber=" + Masking.mask(callerNumber) + ", startedAt=" + startedAt
                    + ", answeredAt=" + answeredAt + ", heldAt=" + heldAt + "]";
        }
    }

    /**
     * One registered phone.
     *
     * @param contact   the registered Contact URI
     * @param expiresAt when the registration lapses unless refreshed, epoch millis
     */
    public record Registration(String extension, String contact, long expiresAt) {

        public Registration {
            Objects.requireNonNull(extension, "extension");
            Objects.requireNonNull(contact, "contact");
        }

        public JsonObject toJson() {
            return new BodyWriter()
                    .put("extension", extension)
                    .put("contact", contact)
                    .put("expiresAt", expiresAt)
                    .json();
        }

        public static Registration fromJson(BodyReader r) {
            return new Registration(r.string("extension"), r.string("contact"), r.longValue("expiresAt"));
        }
    }
}
