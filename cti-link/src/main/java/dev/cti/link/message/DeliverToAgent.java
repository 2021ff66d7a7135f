package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Ring an agent's phone for a queued call and bridge it on answer.
 *
 * @param ringTimeoutSeconds after this the gateway cancels and sends {@link AgentRingFailed} NO_ANSWER
 */
public record DeliverToAgent(
        String callId,
        String agentId,
        String extension,
        int ringTimeoutSeconds)
        implements LinkCommand {

    public DeliverToAgent {
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
                .put("ringTimeoutSeconds", ringTimeoutSeconds)
                .json();
    }

    public static DeliverToAgent fromJson(BodyReader r) {
        return new DeliverToAgent(
                r.string("callId"),
                r.string("agentId"),
                r.string("extension"),
                r.intValue("ringTimeoutSeconds"));
    }
}
