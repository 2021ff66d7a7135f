package dev.cti.link.message;

import java.util.Objects;

/**
 * Tell a waiting caller their position and estimated wait (the gateway plays the prompts).
 *
 * @param position      1 is next
 * @param offerCallback when true, the announcement ends with the queue's callback offer ("press 1 to be called
 *                      back", issue 17); absent (null) is false, so older peers' lines read the same
 */
public record Announce(String callId, int position, int estimatedWaitSeconds, Boolean offerCallback)
        implements LinkCommand {

    public Announce {
        Objects.requireNonNull(callId, "callId");
    }

    /** An announcement without the callback offer. */
    public Announce(String callId, int position, int estimatedWaitSeconds) {
        this(callId, position, estimatedWaitSeconds, null);
    }

    /** Whether the callback offer ends the announcement. */
    public boolean offersCallback() {
        return Boolean.TRUE.equals(offerCallback);
    }
}
