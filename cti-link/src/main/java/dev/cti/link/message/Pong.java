package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;

/**
 * Answer to a {@link Ping}, echoing its time so the pinger can measure the round trip.
 */
public record Pong(long pingSentAt) implements LinkControl {

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("pingSentAt", pingSentAt)
                .json();
    }

    public static Pong fromJson(BodyReader r) {
        return new Pong(
                r.longValue("pingSentAt"));
    }
}
