package dev.cti.link.message;

import dev.cti.privacy.PhoneMask;
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

    /** Masks the number: records end up in log lines. */
    @Override
    public String toString() {
        return "DialRefused[callId=" + callId + ", agentId=" + agentId + ", extension=" + extension + ", source="
                + source + ", number=" + PhoneMask.mask(number) + ", reason=" + reason + ", at=" + at + "]";
    }
}
