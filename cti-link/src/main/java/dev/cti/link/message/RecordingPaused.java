package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * The call's recording is paused: from now on both channels are silent in the file (e.g. while the customer reads a card number). Answer to {@link PauseRecording}.
 *
 * @param user         who asked (the {@code user} of the command), for the server's audit log
 * @param offsetMillis where in the recording it happened, milliseconds from its start
 */
public record RecordingPaused(String recordingId, String callId, String user, long offsetMillis, long at)
        implements CallEvent {

    public RecordingPaused {
        Objects.requireNonNull(recordingId, "recordingId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(user, "user");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter().put("recordingId", recordingId).put("callId", callId).put("user", user)
                .put("offsetMillis", offsetMillis).put("at", at).json();
    }

    public static RecordingPaused fromJson(BodyReader r) {
        return new RecordingPaused(r.string("recordingId"), r.string("callId"), r.string("user"),
                r.longValue("offsetMillis"), r.longValue("at"));
    }
}
