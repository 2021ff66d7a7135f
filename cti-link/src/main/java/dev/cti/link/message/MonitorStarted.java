package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * The supervisor's phone answered and the mixer is attached to the call in {@code mode}. With
 * {@code TAKEOVER} the agent leg has already been released: the agent goes to wrap-up.
 *
 * @param agentId the agent the call was with when monitoring started
 */
public record MonitorStarted(String monitorId, String callId, String supervisor, String agentId, MonitorMode mode,
                             long at) implements CallEvent {

    public MonitorStarted {
        Objects.requireNonNull(monitorId, "monitorId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(supervisor, "supervisor");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(mode, "mode");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("monitorId", monitorId)
                .put("callId", callId)
                .put("supervisor", supervisor)
                .put("agentId", agentId)
                .put("mode", mode)
                .put("at", at)
                .json();
    }

    public static MonitorStarted fromJson(BodyReader r) {
        return new MonitorStarted(
                r.string("monitorId"),
                r.string("callId"),
                r.string("supervisor"),
                r.string("agentId"),
                r.enumValue("mode", MonitorMode.class),
                r.longValue("at"));
    }
}
