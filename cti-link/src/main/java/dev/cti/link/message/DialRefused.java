package dev.cti.link.message;

import dev.cti.privacy.PhoneMask;
import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * The gateway refused to dial a number out (issue 13): a REFER from an agent's phone, or a {@code Transfer} /
 * {@code Originate} command, named a number the trunk's dial plan or the dialling permissions do not allow. Nothing
 * was sent to the trunk. The server audits it and counts it; a refused command also gets its
 * {@link CommandRejected} ({@link RejectReason#NOT_ALLOWED}), a refused REFER its 403 (400 for a malformed target).
 *
 * @param callId    the call, for REFER and Transfer; absent for Originate
 * @param agentId   the agent seat that asked (REFER: the phone's seat; Originate: the agent), if known
 * @param extension the phone that sent the REFER, if any
 * @param number    the refused target as given (personal data: masked in {@link #toString()})
 */
public record DialRefused(
        String callId,
        String agentId,
        String extension,
        DialSource source,
        String number,
        DialRefusal reason,
        long at)
        implements LinkEvent {

    public DialRefused {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("callId", callId)
                .put("agentId", agentId)
                .put("extension", extension)
                .put("source", source)
                .put("number", number)
                .put("reason", reason)
                .put("at", at)
                .json();
    }

    public static DialRefused fromJson(BodyReader r) {
        return new DialRefused(
                r.optString("callId"),
                r.optString("agentId"),
                r.optString("extension"),
                r.enumValue("source", DialSource.class),
                r.string("number"),
                r.enumValue("reason", DialRefusal.class),
                r.longValue("at"));
    }

    /** Masks the number: records end up in log lines. */
    @Override
    public String toString() {
        return "DialRefused[callId=" + callId + ", agentId=" + agentId + ", extension=" + extension + ", source="
                + source + ", number=" + PhoneMask.mask(number) + ", reason=" + reason + ", at=" + at + "]";
    }
}
