package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * An agent phone's registration ended.
 */
public record PhoneUnregistered(String extension, UnregisterReason reason, long at) implements LinkEvent {

    public PhoneUnregistered {
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("extension", extension)
                .put("reason", reason)
                .put("at", at)
                .json();
    }

    public static PhoneUnregistered fromJson(BodyReader r) {
        return new PhoneUnregistered(
                r.string("extension"),
                r.enumValue("reason", UnregisterReason.class),
                r.longValue("at"));
    }
}
