package dev.cti.link.message;

/**
 * Server → gateway: every event with a seq up to {@code upToSeq} has been applied (and what the server writes for
 * it directly is committed), so the gateway may forget them. Events it still holds are sent again after the next
 * {@link Hello} as {@link Replayed}. Handled inside the link client; the gateway's code never sees it.
 *
 * @param upToSeq the highest event seq applied (an event's first seq, for a replayed one)
 */
public record EventsApplied(long upToSeq) implements LinkControl {

    public EventsApplied {
        if (upToSeq < 1) {
            throw new IllegalArgumentException("upToSeq must be >= 1");
        }
    }
}
