package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * The caller is on hold and hears music: the agent's phone held it (re-INVITE sendonly/inactive) or the
 * gateway did on {@link HoldCall}.
 */
public record CallHeld(String callId, String agentId, long at) implements CallEvent {

    public CallHeld {
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

    public static CallHeld fromJson(BodyReader r) {
        return new CallHeld(
                r.string("callId"),
                r.string("agentId"),
                r.longValue("at"));
    }
}
