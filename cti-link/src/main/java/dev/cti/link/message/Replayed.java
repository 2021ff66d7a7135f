package dev.cti.link.message;

import java.util.Objects;

/**
 * Gateway → server: an event sent again on a new connection, with the seq it was first sent with. The gateway
 * keeps every event the server has not acknowledged ({@link EventsApplied}) in a bounded buffer and, on each
 * connection, sends the ones that already had a seq as {@code Replayed} (events that never had one go out as
 * ordinary lines, with new seqs), after {@link Hello} and before the {@link Snapshot}. The server applies an event
 * once per seq: a {@code Replayed} whose {@code seq} it already handed on is skipped (docs/CTI-LINK.md, "Link
 * outages: buffer and replay").
 *
 * <p>On the wire its body is an envelope of its own ({@code {"seq":N,"type":"CallHeld","body":{...}}}), written
 * and read by {@code dev.cti.link.wire.ReplayedCodec}, not derived from the components: {@code event} may be any
 * event.
 *
 * @param seq   the seq the event had when it was first sent
 * @param event the event itself (never a {@code Snapshot})
 */
public record Replayed(long seq, LinkEvent event) implements LinkControl {

    public Replayed {
        Objects.requireNonNull(event, "event");
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1");
        }
        if (event instanceof Snapshot) {
            throw new IllegalArgumentException("a Snapshot is never replayed");
        }
    }

    @Override
    public String toString() {
        return "Replayed[seq=" + seq + ", event=" + event + "]";
    }
}
