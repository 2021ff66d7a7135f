package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * An agent phone registered or refreshed its registration.
 *
 * @param contact the registered Contact URI
 * @param expiresSeconds the expiry granted
 */
public record PhoneRegistered(
        String extension,
        String contact,
        int expiresSeconds,
        long at)
        implements LinkEvent {

    public PhoneRegistered {
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(contact, "contact");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("extension", extension)
                .put("contact", contact)
                .put("expiresSeconds", expiresSeconds)
                .put("at", at)
                .json();
    }

    public static PhoneRegistered fromJson(BodyReader r) {
        return new PhoneRegistered(
                r.string("extension"),
                r.string("contact"),
                r.intValue("expiresSeconds"),
                r.longValue("at"));
    }
}
