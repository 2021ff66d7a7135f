package dev.cti.link.message;

import dev.cti.privacy.PhoneMask;
import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Transfer a call to a queue (the server routes it again) or to a number (the gateway dials it).
 *
 * @param target queue id or number
 */
public record Transfer(String callId, TargetKind kind, String target) implements LinkCommand {

    public Transfer {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("callId", callId)
                .put("kind", kind)
                .put("target", target)
                .json();
    }

    public static Transfer fromJson(BodyReader r) {
        return new Transfer(
                r.string("callId"),
                r.enumValue("kind", TargetKind.class),
                r.string("target"));
    }

    /** Masks the phone number: records end up in log lines. */
    @Override
    public String toString() {
        return "Transfer[" + "callId=" + callId + ", "
                + "kind=" + kind + ", "
                + "target=" + (kind == TargetKind.NUMBER ? PhoneMask.mask(target) : target) + "]";
    }
}
