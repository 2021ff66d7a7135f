package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * End a call. The {@code cause} is what {@link CallCleared} will report: {@code SERVER_HANGUP} normally,
 * {@code MAX_WAIT} when the queue gave up on the caller.
 */
public record HangUp(String callId, ClearCause cause) implements LinkCommand {

    public HangUp {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(cause, "cause");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("callId", callId)
                .put("cause", cause)
                .json();
    }

    public static HangUp fromJson(BodyReader r) {
        return new HangUp(
                r.string("callId"),
                r.enumValue("cause", ClearCause.class));
    }
}
