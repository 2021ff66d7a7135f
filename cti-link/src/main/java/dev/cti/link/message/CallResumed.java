package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * The agent took the caller off hold.
 */
public record CallResumed(String callId, String agentId, long at) implements CallEvent {

    public CallResumed {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(agentId, "agentId");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("callId", callId)
                .put("agentId", agentId)
                .put("at", at)
                .json();
    }

    public static CallResumed fromJson(BodyReader r) {
        return new CallResumed(
                r.string("callId"),
                r.string("agentId"),
                r.longValue("at"));
    }
}
