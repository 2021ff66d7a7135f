package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/** A monitor session is over (or never started: {@code NOT_ANSWERED}); the supervisor's leg is gone. */
public record MonitorEnded(String monitorId, String callId, MonitorEndReason reason, long at) implements CallEvent {

    public MonitorEnded {
        Objects.requireNonNull(monitorId, "monitorId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("monitorId", monitorId)
                .put("callId", callId)
                .put("reason", reason)
                .put("at", at)
                .json();
    }

    public static MonitorEnded fromJson(BodyReader r) {
        return new MonitorEnded(
                r.string("monitorId"),
                r.string("callId"),
                r.enumValue("reason", MonitorEndReason.class),
                r.longValue("at"));
    }
}
