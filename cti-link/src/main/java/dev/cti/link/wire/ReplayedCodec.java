package dev.cti.link.wire;

import dev.cti.link.LinkProtocolException;
import dev.cti.link.message.LinkEvent;
import dev.cti.link.message.LinkMessage;
import dev.cti.link.message.Replayed;
import dev.cti.link.message.Snapshot;
import io.vertx.core.json.JsonObject;

/**
 * {@link Replayed}'s body, written by hand: its {@code event} is any event, so the body is an envelope of its own
 * ({@code {"seq":N,"type":"CallHeld","body":{...}}}), whose type name picks the event's codec from the registry.
 * A record component cannot say that: the derived {@link RecordCodec} would need a fixed type for {@code event}.
 */
final class ReplayedCodec implements BodyCodec<Replayed> {

    private final MessageRegistry registry;

    ReplayedCodec(MessageRegistry registry) {
        this.registry = registry;
    }

    @Override
    public JsonObject write(Replayed replayed) {
        return new JsonObject()
                .put("seq", replayed.seq())
                .put("type", registry.nameOf(replayed.event()))
                .put("body", registry.write(replayed.event()));
    }

    /** The inner line is read like an envelope; it must be an event, and not a snapshot. */
    @Override
    public Replayed read(BodyReader r) {
        long seq = r.longValue("seq");
        if (seq < 1) {
            throw new LinkProtocolException(r.path() + ".seq", "must be >= 1");
        }
        String typeName = r.string("type");
        MessageRegistry.MessageType<?> type = registry.byName(typeName).orElseThrow(() ->
                new LinkProtocolException(r.path() + ".type", "unknown message type '" + LinkCodec.shorten(typeName) + "'"));
        if (!LinkEvent.class.isAssignableFrom(type.type()) || type.type() == Snapshot.class) {
            throw new LinkProtocolException(r.path() + ".type", type.name() + " is not an event that can be replayed");
        }
        LinkMessage inner = r.optObject("body", type.codec()::read);
        if (inner == null) {
            throw new LinkProtocolException(r.path() + ".body", "missing");
        }
        return new Replayed(seq, (LinkEvent) inner);
    }
}
