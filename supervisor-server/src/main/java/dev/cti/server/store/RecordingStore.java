package dev.cti.server.store;

import dev.cti.server.store.RecordingRow.Pause;
import dev.cti.server.store.RecordingRow.Span;
import dev.cti.server.store.RecordingRow.Status;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The recording index (tables {@code recordings}, {@code recording_pauses}, {@code recording_holds},
 * {@code recording_skips}; migration V3) on the {@link Store}'s one worker and connection. Every write is idempotent:
 * the gateway re-sends a recording's final metadata after every reconnection until it is acknowledged, and an event
 * right after a snapshot may repeat what the snapshot said. A write's future completes after its COMMIT, so a caller
 * that acknowledges on success never acknowledges a row a crash could lose. Listing: {@link RecordingSearch};
 * retention: {@link RecordingRetentionStore}.
 */
public final class RecordingStore {
    private final Store store;
    private final Clock clock;

    public RecordingStore(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    Store store() {
        return store;
    }

    /** What a write did, so callers count each recording once per status. */
    public enum Change {
        /** A new row. */
        CREATED,
        /** An in-progress row got its final metadata. */
        FINISHED,
        /** A final row got different final metadata (a later, truer report). */
        UPDATED,
        /** Nothing new: a repeat. */
        UNCHANGED
    }

    /**
     * The final metadata of a recording ({@code RecordingStopped}).
     *
     * @param failure empty unless {@code FAILED}
     */
    public record Finished(String recordingId, String callId, String file, Status status, Optional<String> failure,
                           Instant startedAt, long durationMillis, long sizeBytes, String sha256, String keyId,
                           int sampleRate, int channels, List<Span> pauses, List<Span> holds) {
        public Finished {
            if (status == Status.IN_PROGRESS) {
                throw new IllegalArgumentException("a finished recording is not IN_PROGRESS");
            }
            pauses = List.copyOf(pauses);
            holds = List.copyOf(holds);
        }
    }

    /**
     * A recording being written: inserts an {@code IN_PROGRESS} row unless the id is known. {@code authoritative}
     * (RecordingStarted) also corrects the file and start of a row adopted from a snapshot, whose were guessed.
     */
    public Future<Change> started(String recordingId, String callId, Optional<String> agentId, String file,
                                  Instant startedAt, boolean authoritative) {
        return store.transaction("recording", c -> {
            Optional<Status> status = status(c, recordingId);
            if (status.isEmpty()) {
                insert(c, recordingId, callId, agentId, file, startedAt);
                return Change.CREATED;
            }
            if (authoritative && status.get() == Status.IN_PROGRESS) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE recordings SET file_path = ?, started_at = ?,"
                        + " agent_id = COALESCE(agent_id, ?) WHERE id = ?")) {
                    ps.setString(1, file);
                    Store.setTime(ps, 2, startedAt);
                    Store.setOpt(ps, 3, agentId);
                    ps.setString(4, recordingId);
                    ps.executeUpdate();
                }
            }
            return Change.UNCHANGED;
        });
    }

    /** Indexes a recording's final metadata, creating the row if it was never seen started. Idempotent. */
    public Future<Change> finished(Finished f, Optional<String> agentId) {
        return store.transaction("recording", c -> {
            Optional<RecordingRow> before = find(c, f.recordingId());
            Change change;
            if (before.isEmpty()) {
                insert(c, f.recordingId(), f.callId(), agentId, f.file(), f.startedAt());
                change = Change.CREATED;
            } else if (before.get().status() == Status.IN_PROGRESS) {
                change = Change.FINISHED;
            } else if (same(before.get(), f)) {
                return Change.UNCHANGED;
            } else {
                change = Change.UPDATED;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE recordings SET call_id = ?, file_path = ?,"
                    + " started_at = ?, ended_at = ?, duration_ms = ?, channels = ?, sample_rate = ?, size_bytes = ?,"
                    + " sha256 = ?, key_id = ?, status = ?, failure = ?, agent_id = COALESCE(agent_id, ?)"
                    + " WHERE id = ?")) {
                ps.setString(1, f.callId());
                ps.setString(2, f.file());
                Store.setTime(ps, 3, f.startedAt());
                Store.setTime(ps, 4, f.startedAt().plusMillis(f.durationMillis()));
                ps.setLong(5, f.durationMillis());
                ps.setInt(6, f.channels());
                ps.setInt(7, f.sampleRate());
                ps.setLong(8, f.sizeBytes());
                ps.setString(9, f.sha256());
                ps.setString(10, f.keyId());
                ps.setString(11, f.status().name());
                Store.setOpt(ps, 12, f.failure());
                Store.setOpt(ps, 13, agentId);
                ps.setString(14, f.recordingId());
                ps.executeUpdate();
            }
            for (Span p : f.pauses()) {
                upsertPause(c, f.recordingId(), p.startMillis(), Optional.of(p.endMillis()), Optional.empty(),
                        Optional.empty());
            }
            // a pause the gateway's final list does not close ends with the recording
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE recording_pauses SET end_ms = ? WHERE recording_id = ? AND end_ms IS NULL")) {
                ps.setLong(1, f.durationMillis());
                ps.setString(2, f.recordingId());
                ps.executeUpdate();
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM recording_holds WHERE recording_id = ?")) {
                del.setString(1, f.recordingId());
                del.executeUpdate();
            }
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO recording_holds (recording_id, start_ms, end_ms) VALUES (?, ?, ?)")) {
                for (Span h : f.holds()) {
                    ins.setString(1, f.recordingId());
                    ins.setLong(2, h.startMillis());
                    ins.setLong(3, h.endMillis());
                    ins.executeUpdate();
                }
            }
            return change;
        });
    }

    private static boolean same(RecordingRow r, Finished f) {
        return r.status() == f.status() && r.failure().equals(f.failure())
                && r.durationMillis().equals(Optional.of(f.durationMillis()))
                && r.sizeBytes().equals(Optional.of(f.sizeBytes())) && r.sha256().equals(Optional.of(f.sha256()))
                && r.keyId().equals(Optional.of(f.keyId())) && r.file().equals(f.file())
                && r.startedAt().equals(f.startedAt()) && r.callId().equals(f.callId())
                && r.holds().equals(f.holds())
                // the index may know more pauses than the final list (from RecordingPaused), never fewer
                && r.pauses().stream().map(p -> new Span(p.startMillis(), p.endMillis().orElse(-1L))).toList()
                        .containsAll(f.pauses())
                && r.pauses().stream().allMatch(p -> p.endMillis().isPresent());
    }

    /**
     * The recording was paused at {@code offsetMillis} by {@code user}. A row is made for a recording not yet
     * indexed (its start was lost with the link), with {@code file} and {@code startedAt} as best known.
     */
    public Future<Void> paused(String recordingId, String callId, String file, Instant startedAt, long offsetMillis,
                               String user) {
        return store.transaction("recording_pause", c -> {
            if (status(c, recordingId).isEmpty()) {
                insert(c, recordingId, callId, Optional.empty(), file, startedAt);
            }
            upsertPause(c, recordingId, offsetMillis, Optional.empty(), Optional.of(user), Optional.empty());
            return null;
        });
    }

    /** The recording was resumed at {@code offsetMillis} by {@code user}: closes its open pause. */
    public Future<Void> resumed(String recordingId, long offsetMillis, String user) {
        return store.transaction("recording_pause", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE recording_pauses SET end_ms = ?, resumed_by = ?"
                    + " WHERE recording_id = ? AND end_ms IS NULL AND start_ms <= ?")) {
                ps.setLong(1, offsetMillis);
                ps.setString(2, user);
                ps.setString(3, recordingId);
                ps.setLong(4, offsetMillis);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** A connected call is not recorded, and why; the first report per call is kept. True when it was new. */
    public Future<Boolean> skipped(String callId, String reason, Instant at) {
        return store.transaction("recording_skip", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO recording_skips (call_id, reason, at)"
                    + " SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM recording_skips WHERE call_id = ?)")) {
                ps.setString(1, callId);
                ps.setString(2, reason);
                Store.setTime(ps, 3, at);
                ps.setString(4, callId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Why {@code callId} was not recorded, if the gateway said so. */
    public Future<Optional<String>> skipReason(String callId) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT reason FROM recording_skips WHERE call_id = ?")) {
                ps.setString(1, callId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    public Future<Optional<RecordingRow>> find(String recordingId) {
        return store.read(c -> find(c, recordingId));
    }

    /** The recordings of a call (normally one), oldest first. */
    public Future<List<RecordingRow>> ofCall(String callId) {
        return store.read(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM recordings WHERE call_id = ? ORDER BY started_at, id")) {
                ps.setString(1, callId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            List<RecordingRow> out = new ArrayList<>();
            for (String id : ids) {
                find(c, id).ifPresent(out::add);
            }
            return out;
        });
    }

    // ---- on the connection ---------------------------------------------------------------------------

    private void insert(Connection c, String id, String callId, Optional<String> agentId, String file,
                        Instant startedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO recordings (id, call_id, agent_id, file_path,"
                + " started_at, status, indexed_at) VALUES (?, ?, ?, ?, ?, 'IN_PROGRESS', ?)")) {
            ps.setString(1, id);
            ps.setString(2, callId);
            Store.setOpt(ps, 3, agentId);
            ps.setString(4, file);
            Store.setTime(ps, 5, startedAt);
            Store.setTime(ps, 6, clock.instant());
            ps.executeUpdate();
        }
    }

    private static Optional<Status> status(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM recordings WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Status.valueOf(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** Inserts the pause starting at {@code startMillis}, or completes the one there (users are never erased). */
    private static void upsertPause(Connection c, String recordingId, long startMillis, Optional<Long> endMillis,
                                    Optional<String> pausedBy, Optional<String> resumedBy) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE recording_pauses SET end_ms = COALESCE(?, end_ms),"
                + " paused_by = COALESCE(paused_by, ?), resumed_by = COALESCE(resumed_by, ?)"
                + " WHERE recording_id = ? AND start_ms = ?")) {
            setOptLong(up, 1, endMillis);
            Store.setOpt(up, 2, pausedBy);
            Store.setOpt(up, 3, resumedBy);
            up.setString(4, recordingId);
            up.setLong(5, startMillis);
            if (up.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO recording_pauses (recording_id, start_ms, end_ms,"
                + " paused_by, resumed_by) VALUES (?, ?, ?, ?, ?)")) {
            ins.setString(1, recordingId);
            ins.setLong(2, startMillis);
            setOptLong(ins, 3, endMillis);
            Store.setOpt(ins, 4, pausedBy);
            Store.setOpt(ins, 5, resumedBy);
            ins.executeUpdate();
        }
    }

    static Optional<RecordingRow> find(Connection c, String id) throws SQLException {
        Objects.requireNonNull(id, "id");
        RecordingRow base;
        try (PreparedStatement ps = c.prepareStatement("SELECT call_id, agent_id, file_path, started_at, ended_at,"
                + " duration_ms, channels, sample_rate, size_bytes, sha256, key_id, status, failure, indexed_at,"
                + " deleted_at FROM recordings WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                base = new RecordingRow(id, rs.getString(1), Store.opt(rs, 2), rs.getString(3),
                        Store.time(rs, 4).orElseThrow(), Store.time(rs, 5), optLong(rs, 6), optInt(rs, 7),
                        optInt(rs, 8), optLong(rs, 9), Store.opt(rs, 10), Store.opt(rs, 11),
                        Status.valueOf(rs.getString(12)), Store.opt(rs, 13), Store.time(rs, 14).orElseThrow(),
                        Store.time(rs, 15), List.of(), List.of());
            }
        }
        List<Pause> pauses = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT start_ms, end_ms, paused_by, resumed_by"
                + " FROM recording_pauses WHERE recording_id = ? ORDER BY start_ms")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pauses.add(new Pause(rs.getLong(1), optLong(rs, 2), Store.opt(rs, 3), Store.opt(rs, 4)));
                }
            }
        }
        List<Span> holds = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT start_ms, end_ms FROM recording_holds"
                + " WHERE recording_id = ? ORDER BY start_ms, id")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    holds.add(new Span(rs.getLong(1), rs.getLong(2)));
                }
            }
        }
        return Optional.of(new RecordingRow(base.id(), base.callId(), base.agentId(), base.file(), base.startedAt(),
                base.endedAt(), base.durationMillis(), base.channels(), base.sampleRate(), base.sizeBytes(),
                base.sha256(), base.keyId(), base.status(), base.failure(), base.indexedAt(), base.deletedAt(), pauses,
                holds));
    }

    static Optional<Long> optLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? Optional.empty() : Optional.of(v);
    }

    static Optional<Integer> optInt(ResultSet rs, int i) throws SQLException {
        int v = rs.getInt(i);
        return rs.wasNull() ? Optional.empty() : Optional.of(v);
    }

    private static void setOptLong(PreparedStatement ps, int i, Optional<Long> v) throws SQLException {
        if (v.isPresent()) {
            ps.setLong(i, v.get());
        } else {
            ps.setNull(i, Types.BIGINT);
        }
    }
}
