package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * The call's recording is resumed: the audio is recorded again. Answer to {@link ResumeRecording}.
 *
 * @param user         who asked (the {@code user} of the command), for the server's audit log
 * @param offsetMillis where in the recording it happened, milliseconds from its start
 */
public record RecordingResumed(String recordingId, String callId, String user, long offsetMillis, long at)
        implements CallEvent {

    public RecordingResumed {
        Objects.requireNonNull(recordingId, "recordingId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(user, "user");
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter().put("recordingId", recordingId).put("callId", callId).put("user", user)
                .put("offsetMillis", offsetMillis).put("at", at).json();
    }

    public static RecordingResumed fromJson(BodyReader r) {
        return new RecordingResumed(r.string("recordingId"), r.string("callId"), r.string("user"),
                r.longValue("offsetMillis"), r.longValue("at"));
    }
}
