package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Tell a waiting caller their position and estimated wait (the gateway plays the prompts).
 *
 * @param position 1 is next
 */
public record Announce(String callId, int position, int estimatedWaitSeconds) implements LinkCommand {

    public Announce {
        Objects.requireNonNull(callId, "callId");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("callId", callId)
                .put("position", position)
                .put("estimatedWaitSeconds", estimatedWaitSeconds)
                .json();
    }

    public static Announce fromJson(BodyReader r) {
        return new Announce(
                r.string("callId"),
                r.intValue("position"),
                r.intValue("estimatedWaitSeconds"));
    }
}
