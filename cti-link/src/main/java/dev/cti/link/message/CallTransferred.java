package dev.cti.link.message;

import dev.cti.privacy.PhoneMask;
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
