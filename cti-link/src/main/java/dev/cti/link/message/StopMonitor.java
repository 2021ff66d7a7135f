package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * End a monitor session: the gateway hangs up the supervisor's leg (or cancels it while it rings) and
 * the call returns to the plain relay. Result: {@link MonitorEnded} {@code STOPPED}. After a take-over
 * there is no session to stop (the supervisor is the call's agent): {@code INVALID_STATE}.
 */
public record StopMonitor(String monitorId, String callId) implements LinkCommand {

    public StopMonitor {
        Objects.requireNonNull(monitorId, "monitorId");
        Objects.requireNonNull(callId, "callId");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("monitorId", monitorId)
                .put("callId", callId)
                .json();
    }

    public static StopMonitor fromJson(BodyReader r) {
        return new StopMonitor(r.string("monitorId"), r.string("callId"));
    }
}
