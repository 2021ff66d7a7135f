package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;

/**
 * Heartbeat; the peer answers with {@link Pong}. Any line received proves the peer alive.
 *
 * @param sentAt sender's clock, epoch millis
 */
public record Ping(long sentAt) implements LinkControl {

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("sentAt", sentAt)
                .json();
    }

    public static Ping fromJson(BodyReader r) {
        return new Ping(
                r.longValue("sentAt"));
    }
}
