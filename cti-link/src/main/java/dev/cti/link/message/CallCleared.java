package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * The call ended; the gateway forgets it after sending this.
 *
 * @param waitMillis time from offer to answer, or to the end if never answered
 * @param talkMillis time from answer to the end, 0 if never answered
 */
public record CallCleared(
        String callId,
        ClearCause cause,
        long waitMillis,
        long talkMillis,
        long at)
        implements CallEvent {

    public CallCleared {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(cause, "cause");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter()
                .put("callId", callId)
                .put("cause", cause)
                .put("waitMillis", waitMillis)
                .put("talkMillis", talkMillis)
                .put("at", at)
                .json();
    }

    public static CallCleared fromJson(BodyReader r) {
        return new CallCleared(
                r.string("callId"),
                r.enumValue("cause", ClearCause.class),
                r.longValue("waitMillis"),
                r.longValue("talkMillis"),
                r.longValue("at"));
    }
}
