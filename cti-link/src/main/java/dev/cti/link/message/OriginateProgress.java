package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Progress of an {@link Originate}; {@code requestId} is the server's, {@code callId} the gateway's.
 */
public record OriginateProgress(
        String requestId,
        String callId,
        OriginateState state,
        long at)
        implements LinkEvent {

    public OriginateProgress {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(state, "state");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("requestId", requestId)
                .put("callId", callId)
                .put("state", state)
                .put("at", at)
                .json();
    }

    public static OriginateProgress fromJson(BodyReader r) {
        return new OriginateProgress(
                r.string("requestId"),
                r.string("callId"),
                r.enumValue("state", OriginateState.class),
                r.longValue("at"));
    }
}
