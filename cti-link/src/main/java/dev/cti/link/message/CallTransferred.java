package dev.cti.link.message;

import dev.cti.privacy.PhoneMask;
import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Result of a transfer (a {@link Transfer} command or a REFER from the agent's phone).
 *
 * @param agentId the agent who transferred
 * @param target queue id or number
 */
public record CallTransferred(
        String callId,
        String agentId,
        TargetKind kind,
        String target,
        TransferOutcome outcome,
        long at)
        implements CallEvent {

    public CallTransferred {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("callId", callId)
                .put("agentId", agentId)
                .put("kind", kind)
                .put("target", target)
                .put("outcome", outcome)
                .put("at", at)
                .json();
    }

    public static CallTransferred fromJson(BodyReader r) {
        return new CallTransferred(
                r.string("callId"),
                r.string("agentId"),
                r.enumValue("kind", TargetKind.class),
                r.string("target"),
                r.enumValue("outcome", TransferOutcome.class),
                r.longValue("at"));
    }

    /** Masks the phone number: records end up in log lines. */
    @Override
    public String toString() {
        return "CallTransferred[" + "callId=" + callId + ", "
                + "agentId=" + agentId + ", "
                + "kind=" + kind + ", "
                + "target=" + (kind == TargetKind.NUMBER ? PhoneMask.mask(target) : target) + ", "
                + "outcome=" + outcome + ", "
                + "at=" + at + "]";
    }
}
