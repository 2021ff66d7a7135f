package dev.cti.link.message;

import dev.cti.privacy.PhoneMask;
import java.util.Objects;

/**
 * Outbound call: ring the agent's phone, then dial the number through the trunk and bridge. An internal call
 * (issue 18) names a colleague's seat instead of a number ({@code targetAgentId} and {@code targetExtension}): the
 * gateway then rings that seat's registered phone, not the trunk, with the media anchored as for any call. Progress
 * comes as {@link OriginateProgress}; refused {@code UNKNOWN_EXTENSION} when either phone is not registered.
 *
 * @param requestId       chosen by the server to match the progress events
 * @param number          the customer's number, or null for an internal call
 * @param targetAgentId   the colleague's seat of an internal call (with {@code targetExtension}), else null
 * @param targetExtension the colleague's extension of an internal call, else null
 */
public record Originate(
        String requestId,
        String agentId,
        String extension,
        String number,
        String targetAgentId,
        String targetExtension)
        implements LinkCommand {

    public Originate {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(extension, "extension");
        if ((number == null) == (targetAgentId == null || targetExtension == null)) {
            throw new IllegalArgumentException("an originate dials a number or a colleague (targetAgentId, "
                    + "targetExtension)");
        }
    }

    /** A call to a customer's number through the trunk. */
    public Originate(String requestId, String agentId, String extension, String number) {
        this(requestId, agentId, extension, Objects.requireNonNull(number, "number"), null, null);
    }

    /** An internal call from {@code agentId}'s phone to the colleague {@code targetAgentId}'s. */
    public static Originate internal(String requestId, String agentId, String extension, String targetAgentId,
                                     String targetExtension) {
        return new Originate(requestId, agentId, extension, null, targetAgentId, targetExtension);
    }

    /** Whether this is an internal call (a colleague's phone, not the trunk). */
    public boolean internal() {
        return number == null;
    }

    /** Masks the phone number: records end up in log lines. */
    @Override
    public String toString() {
        return "Originate[" + "requestId=" + requestId + ", "
                + "agentId=" + agentId + ", "
                + "extension=" + extension + ", "
                + "number=" + (number == null ? null : PhoneMask.mask(number)) + ", "
                + "targetAgentId=" + targetAgentId + ", "
                + "targetExtension=" + targetExtension + "]";
    }
}
