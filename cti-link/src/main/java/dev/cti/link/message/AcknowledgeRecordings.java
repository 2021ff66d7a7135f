package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The server has durably indexed these recordings (from {@link RecordingStopped}): the gateway marks them indexed
 * in their sidecars and stops re-sending them. Unknown ids are ignored (an ack may repeat). No result event.
 */
public record AcknowledgeRecordings(List<String> recordingIds) implements LinkCommand {

    public AcknowledgeRecordings {
        recordingIds = List.copyOf(recordingIds);
    }

    @Override
    public JsonObject toJson() {
        return new BodyWriter().putStrings("recordingIds", recordingIds).json();
    }

    public static AcknowledgeRecordings fromJson(BodyReader r) {
        return new AcknowledgeRecordings(r.strings("recordingIds"));
    }
}
