package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;

/**
 * A span of a recording, in milliseconds from its start (where the audio file's time 0 is): a pause (silent in the
 * file) or a hold (what the customer heard: music, prompts).
 *
 * @param endMillis exclusive; for a span still open when the recording ended, the recording's end
 */
public record RecordingSpan(long startMillis, long endMillis) {

    public RecordingSpan {
        if (startMillis < 0 || endMillis < startMillis) {
            throw new IllegalArgumentException("bad span " + startMillis + ".." + endMillis);
        }
    }

    public JsonObject toJson() {
        return new BodyWriter().put("startMillis", startMillis).put("endMillis", endMillis).json();
    }

    public static RecordingSpan fromJson(BodyReader r) {
        long start = r.longValue("startMillis");
        long end = r.longValue("endMillis");
        if (start < 0 || end < start) {
            throw new dev.cti.link.LinkProtocolException("span", "endMillis before startMillis, or negative");
        }
        return new RecordingSpan(start, end);
    }
}
