package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;

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

    @Override
    public JsonObject toJson() {
        return new BodyWriter().put("upToSeq", upToSeq).json();
    }

    public static EventsApplied fromJson(BodyReader r) {
        return new EventsApplied(r.longValue("upToSeq"));
    }
}
