package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Ringing the agent ended without an answer; the caller is back to the queue treatment in the gateway.
 *
 * @param ringMillis how long the phone rang
 */
public record AgentRingFailed(
        String callId,
        String agentId,
        RingFailureReason reason,
        long ringMillis,
        long at)
        implements CallEvent {

    public AgentRingFailed {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("callId", callId)
                .put("agentId", agentId)
                .put("reason", reason)
                .put("ringMillis", ringMillis)
                .put("at", at)
                .json();
    }

    public static AgentRingFailed fromJson(BodyReader r) {
        return new AgentRingFailed(
                r.string("callId"),
                r.string("agentId"),
                r.enumValue("reason", RingFailureReason.class),
                r.longValue("ringMillis"),
                r.longValue("at"));
    }
}
