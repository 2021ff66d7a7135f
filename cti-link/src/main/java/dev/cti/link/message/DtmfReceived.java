package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A DTMF digit (RFC 4733 telephone event or SIP INFO) on one leg.
 *
 * @param digit 0-9, *, #, A-D
 */
public record DtmfReceived(String callId, Leg leg, String digit, long at) implements CallEvent {

    public DtmfReceived {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(leg, "leg");
        Objects.requireNonNull(digit, "digit");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("callId", callId)
                .put("leg", leg)
                .put("digit", digit)
                .put("at", at)
                .json();
    }

    public static DtmfReceived fromJson(BodyReader r) {
        return new DtmfReceived(
                r.string("callId"),
                r.enumValue("leg", Leg.class),
                r.string("digit"),
                r.longValue("at"));
    }
}
