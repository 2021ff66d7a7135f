package dev.cti.gateway.recording;

import dev.cti.gateway.media.record.SpanList;
import dev.cti.link.message.RecordingSpan;
import dev.cti.link.message.RecordingStopped;
import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import dev.cti.link.wire.MessageRegistry;
import dev.cti.link.wire.RecordCodec;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The JSON sidecar next to each recording ({@code <id>.json}): plaintext metadata without phone numbers.
 *
 * <p>While recording ({@code "state": "RECORDING"}): recordingId, callId, file, startedAt, keyId, sampleRate,
 * channels, the spans so far and the open ones ({@code openPauseMillis}, {@code openHoldMillis}), rewritten at each
 * pause, resume and hold change, so a crash keeps them. Finished ({@code "state": "FINISHED"}): exactly the body of
 * the {@link RecordingStopped} event (the final metadata) plus {@code "indexed"}: true once the server acknowledged
 * it.
 */
final class Sidecar {
    static final String STATE = "state";
    static final String RECORDING = "RECORDING";
    static final String FINISHED = "FINISHED";
    static final String INDEXED = "indexed";

    private static final MessageRegistry LINK = MessageRegistry.standard();
    /** The spans as the link writes them (RecordingStopped's pausedSpans / holdSpans). */
    private static final RecordCodec<RecordingSpan> SPAN = RecordCodec.of(RecordingSpan.class);

    private Sidecar() {}

    static JsonObject recording(String id, String callId, String file, long startedAt, String keyId,
                                List<RecordingSpan> paused, List<RecordingSpan> holds, Long openPause, Long openHold) {
        return new BodyWriter().put("recordingId", id).put("callId", callId).put("file", file)
                .put("startedAt", startedAt).put("keyId", keyId).put("sampleRate", 8000L).put("channels", 2L)
                .put(STATE, RECORDING).put("pausedSpans", paused, SPAN::write)
                .put("holdSpans", holds, SPAN::write).put("openPauseMillis", openPause)
                .put("openHoldMillis", openHold).json();
    }

    static JsonObject finished(RecordingStopped metadata, boolean indexed) {
        return LINK.write(metadata).put(STATE, FINISHED).put(INDEXED, indexed);
    }

    static boolean isFinished(JsonObject json) {
        return json != null && FINISHED.equals(json.getString(STATE));
    }

    static RecordingStopped metadata(JsonObject json, String id) {
        return LINK.read(RecordingStopped.class, json, "sidecar " + id);
    }

    /** The spans of an unfinished sidecar, the open ones closed at {@code endMillis} ({@link SpanList}). */
    static List<List<RecordingSpan>> spansClosedAt(JsonObject json, long endMillis) {
        BodyReader r = new BodyReader(json, "sidecar");
        return List.of(
                SpanList.closedAt(r.list("pausedSpans", SPAN::read), r.optLong("openPauseMillis"),
                        endMillis),
                SpanList.closedAt(r.list("holdSpans", SPAN::read), r.optLong("openHoldMillis"),
                        endMillis));
    }
}
