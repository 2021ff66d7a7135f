package dev.cti.server.store;

import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The recording index's side of retention (issue 12): which recordings have expired, and marking the ones the
 * gateway deleted, each with its audit entry in the same transaction. On the {@link Store}'s worker.
 */
public final class RecordingRetentionStore {
    private final Store store;

    public RecordingRetentionStore(Store store) {
        this.store = store;
    }

    /**
     * Recordings whose audio began before {@code before} and not deleted, oldest first, at most {@code limit}: what
     * the retention job deletes. Rows still {@code IN_PROGRESS} are included: the cutoff is days ago, so such a row
     * is one whose end never reached the index (the gateway refuses to delete a recording it is still writing).
     */
    public Future<List<String>> expired(Instant before, int limit) {
        return store.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM recordings WHERE started_at < ?"
                    + " AND deleted_at IS NULL ORDER BY started_at, id LIMIT ?")) {
                Store.setTime(ps, 1, before);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Marks recordings deleted (their files are gone) and writes their audit entries, in one transaction: a row is
     * marked if and only if its audit entry is written. Ids not in the index or already marked are skipped; returns
     * the ids marked now.
     */
    public Future<List<String>> markDeleted(List<String> recordingIds, Instant at,
                                            java.util.function.Function<RecordingRow, AuditEntry> audit) {
        return store.transaction("recording_delete", c -> {
            List<String> marked = new ArrayList<>();
            for (String id : recordingIds) {
                Optional<RecordingRow> row = RecordingStore.find(c, id);
                if (row.isEmpty() || row.get().deletedAt().isPresent()) {
                    continue;
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE recordings SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL")) {
                    Store.setTime(ps, 1, at);
                    ps.setString(2, id);
                    ps.executeUpdate();
                }
                Store.insertAudit(c, audit.apply(row.get()));
                marked.add(id);
            }
            return marked;
        });
    }

    /** Writes audit entries in one transaction (e.g. a retention batch that could not be deleted). */
    public Future<Void> audit(List<AuditEntry> entries) {
        return store.transaction("audit", c -> {
            for (AuditEntry e : entries) {
                Store.insertAudit(c, e);
            }
            return null;
        });
    }
}
