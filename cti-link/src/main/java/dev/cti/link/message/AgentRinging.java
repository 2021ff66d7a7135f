package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * The agent's phone is ringing for the call (the gateway sent INVITE and got 180/183).
 */
public record AgentRinging(String callId, String agentId, String extension, long at) implements CallEvent {

    public AgentRinging {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(extension, "extension");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("callId", callId)
                .put("agentId", agentId)
                .put("extension", extension)
                .put("at", at)
                .json();
    }

    public static AgentRinging fromJson(BodyReader r) {
        return new AgentRinging(
                r.string("callId"),
                r.string("agentId"),
                r.string("extension"),
                r.longValue("at"));
    }
}
