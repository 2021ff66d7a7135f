package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/** A call connected but is not recorded, and why. Sent once per call, instead of {@link RecordingStarted}. */
public record RecordingSkipped(String callId, RecordingSkipReason reason, long at) implements CallEvent {

    public RecordingSkipped {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter().put("callId", callId).put("reason", reason).put("at", at).json();
    }

    public static RecordingSkipped fromJson(BodyReader r) {
        return new RecordingSkipped(r.string("callId"), r.enumValue("reason", RecordingSkipReason.class),
                r.longValue("at"));
    }
}
