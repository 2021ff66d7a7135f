package dev.cti.link.message;

import dev.cti.privacy.PhoneMask;
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

    /** Masks the phone number: records end up in log lines. */
    @Override
    public String toString() {
        return "Transfer[" + "callId=" + callId + ", "
                + "kind=" + kind + ", "
                + "target=" + (kind == TargetKind.NUMBER ? PhoneMask.mask(target) : target) + "]";
    }
}
