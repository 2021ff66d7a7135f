package dev.cti.link.message;

import dev.cti.privacy.PhoneMask;
import java.util.Objects;

/**
 * Outbound call: ring the agent's phone, then dial the number and bridge. Progress comes as {@link OriginateProgress}.
 *
 * @param requestId chosen by the server to match the progress events
 * @param number the customer's number
 */
public record Originate(
        String requestId,
        String agentId,
        String extension,
        String number)
        implements LinkCommand {

    public Originate {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(number, "number");
    }

    /** Masks the phone number: records end up in log lines. */
    @Override
    public String toString() {
        return "Originate[" + "requestId=" + requestId + ", "
                + "agentId=" + agentId + ", "
                + "extension=" + extension + ", "
                + "number=" + PhoneMask.mask(number) + "]";
    }
}
