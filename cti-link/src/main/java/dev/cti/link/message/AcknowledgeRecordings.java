package dev.cti.link.message;

import java.util.List;

/**
 * The server has durably indexed these recordings (from {@link RecordingStopped}): the gateway marks them indexed
 * in their sidecars and stops re-sending them. Unknown ids are ignored (an ack may repeat). No result event.
 */
public record AcknowledgeRecordings(List<String> recordingIds) implements LinkCommand {

    public AcknowledgeRecordings {
        recordingIds = List.copyOf(recordingIds);
    }
}
