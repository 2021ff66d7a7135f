package dev.cti.link.message;

import java.util.List;
import java.util.Objects;

/**
 * Delete recordings (file and sidecar): the server's retention job, which owns the index and the audit log, decides
 * which. Result: {@link RecordingsDeleted} with the same {@code requestId}. A recording still being written is not
 * deleted ({@code failed}).
 */
public record DeleteRecordings(String requestId, List<String> recordingIds) implements LinkCommand {

    public DeleteRecordings {
        Objects.requireNonNull(requestId, "requestId");
        recordingIds = List.copyOf(recordingIds);
    }
}
