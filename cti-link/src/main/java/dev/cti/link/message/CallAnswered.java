package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * The agent answered; caller and agent are bridged.
 *
 * @param ringMillis how long the phone rang before the answer
 */
public record CallAnswered(String callId, String agentId, long ringMillis, long at) implements CallEvent {

    public CallAnswered {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(agentId, "agentId");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("callId", callId)
                .put("agentId", agentId)
                .put("ringMillis", ringMillis)
                .put("at", at)
                .json();
    }

    public static CallAnswered fromJson(BodyReader r) {
        return new CallAnswered(
                r.string("callId"),
                r.string("agentId"),
                r.longValue("ringMillis"),
                r.longValue("at"));
    }
}
