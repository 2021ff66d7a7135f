package dev.cti.link.message;

import dev.cti.privacy.PhoneMask;
import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Outbound call: ring the agent's phone, then dial the number and bridge. Progress comes as {@link OriginateProgress}.
 *
 * @param requestId chosen by the server to match the progress events
 * @param number the customer's number
 */
public record Originate(
        String requestId,
        String agentId,
        String extension,
        String number)
        implements LinkCommand {

    public Originate {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(number, "number");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("requestId", requestId)
                .put("agentId", agentId)
                .put("extension", extension)
                .put("number", number)
                .json();
    }

    public static Originate fromJson(BodyReader r) {
        return new Originate(
                r.string("requestId"),
                r.string("agentId"),
                r.string("extension"),
                r.string("number"));
    }

    /** Masks the phone number: records end up in log lines. */
    @Override
    public String toString() {
        return "Originate[" + "requestId=" + requestId + ", "
                + "agentId=" + agentId + ", "
                + "extension=" + extension + ", "
                + "number=" + PhoneMask.mask(number) + "]";
    }
}
