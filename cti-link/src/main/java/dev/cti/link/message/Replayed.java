package dev.cti.link.message;

import dev.cti.link.LinkProtocolException;
import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.MessageRegistry;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Gateway → server: an event sent again on a new connection, with the seq it was first sent with. The gateway
 * keeps every event the server has not acknowledged ({@link EventsApplied}) in a bounded buffer and, on each
 * connection, sends the ones that already had a seq as {@code Replayed} (events that never had one go out as
 * ordinary lines, with new seqs), after {@link Hello} and before the {@link Snapshot}. The server applies an event
 * once per seq: a {@code Replayed} whose {@code seq} it already handed on is skipped (docs/CTI-LINK.md, "Link
 * outages: buffer and replay").
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
    public JsonObject toJson() {
        return new JsonObject()
                .put("seq", seq)
                .put("type", MessageRegistry.nameOf(event))
                .put("body", event.toJson());
    }

    /** The inner line is read like an envelope; it must be an event, and not a snapshot. */
    public static Replayed fromJson(BodyReader r) {
        long seq = r.longValue("seq");
        if (seq < 1) {
            throw new LinkProtocolException("Replayed.body.seq", "must be >= 1");
        }
        String typeName = r.string("type");
        MessageRegistry.MessageType<?> type = MessageRegistry.byName(typeName).orElseThrow(() ->
                new LinkProtocolException("Replayed.body.type", "unknown message type '"
                        + (typeName.length() > 40 ? typeName.substring(0, 40) + "..." : typeName) + "'"));
        if (!LinkEvent.class.isAssignableFrom(type.type()) || type.type() == Snapshot.class) {
            throw new LinkProtocolException("Replayed.body.type", type.name() + " is not an event that can be replayed");
        }
        LinkMessage inner = r.optObject("body", type.reader());
        if (inner == null) {
            throw new LinkProtocolException("Replayed.body.body", "missing");
        }
        return new Replayed(seq, (LinkEvent) inner);
    }

    @Override
    public String toString() {
        return "Replayed[seq=" + seq + ", event=" + event + "]";
    }
}
