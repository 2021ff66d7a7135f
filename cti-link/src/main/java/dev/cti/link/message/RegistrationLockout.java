package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * The registrar locked an extension out (issue 13): {@code failures} failed digest authentications within the
 * configured window ({@code network.sip.registrar}); until {@code lockedUntil} its REGISTERs are refused (403),
 * right password or not. The server audits it and shows it on the wallboard as an alert until then.
 *
 * @param extension   the extension (SIP user) locked
 * @param failures    failures counted in the window
 * @param source      the address the last failing REGISTER came from, if known
 * @param lockedUntil epoch milliseconds
 */
public record RegistrationLockout(String extension, int failures, String source, long lockedUntil, long at)
        implements LinkEvent {

    public RegistrationLockout {
        Objects.requireNonNull(extension, "extension");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("extension", extension)
                .put("failures", failures)
                .put("source", source)
                .put("lockedUntil", lockedUntil)
                .put("at", at)
                .json();
    }

    public static RegistrationLockout fromJson(BodyReader r) {
        return new RegistrationLockout(
                r.string("extension"),
                r.intValue("failures"),
                r.optString("source"),
                r.longValue("lockedUntil"),
                r.longValue("at"));
    }
}
