package dev.cti.link.message;

import java.util.List;
import java.util.Objects;

/**
 * Answer to {@link DeleteRecordings}: every id of the request is in exactly one list.
 *
 * @param deleted  file and sidecar removed
 * @param notFound no such recording on this gateway (already deleted, or never here)
 * @param failed   not deleted: still being recorded, or the file system refused (see the gateway's log)
 */
public record RecordingsDeleted(String requestId, List<String> deleted, List<String> notFound, List<String> failed,
                                long at) implements LinkEvent {

    public RecordingsDeleted {
        Objects.requireNonNull(requestId, "requestId");
        deleted = List.copyOf(deleted);
        notFound = List.copyOf(notFound);
        failed = List.copyOf(failed);
    }
}
