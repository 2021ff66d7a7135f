package dev.cti.link.message;

import java.util.Objects;

/**
 * Tell a waiting caller their position and estimated wait (the gateway plays the prompts).
 *
 * @param position 1 is next
 */
public record Announce(String callId, int position, int estimatedWaitSeconds) implements LinkCommand {

    public Announce {
        Objects.requireNonNull(callId, "callId");
    }
}
