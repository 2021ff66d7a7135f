package dev.cti.server.store;

import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Scheduled callbacks and complaint follow-ups (V8, {@code callbacks}, {@code complaint_follow_ups}; issue 17). Runs on
 * the {@link Store}'s one worker and connection; every write is committed before its future completes.
 */
public final class FollowUpStore {
    private static final String CALLBACK_COLUMNS = "id, call_id, agent_id, queue_id, number, due_at, status, attempts,"
            + " next_at, dialled_by, request_id, created_at, finished_at";
    private static final String COMPLAINT_COLUMNS = "id, call_id, agent_id, queue_id, level, created_at, due_at,"
            + " closed_at, closed_by, note";

    private final Store store;

    public FollowUpStore(Store store) {
        this.store = store;
    }

    /**
     * A callback's state: waiting for its time (or its next attempt), being dialled, or over; QUEUED is a callback a
     * caller asked for while waiting in a queue (issue 17), which waits in the caller's place until the queue offers
     * it to an agent.
     */
    public enum Status { PENDING, DIALING, DONE, FAILED, QUEUED }

    /**
     * One scheduled callback.
     *
     * @param attempts   dials made so far
     * @param nextAt     when it is (next) offered: {@code dueAt}, then after a retry's spacing
     * @param dialledBy  the agent the latest attempt went to
     * @param requestId  the click-to-dial request id of the latest attempt
     */
    public record Callback(long id, String callId, String agentId, Optional<String> queueId, String number,
                           Instant dueAt, Status status, int attempts, Instant nextAt, Optional<String> dialledBy,
                           Optional<String> requestId, Instant createdAt, Optional<Instant> finishedAt) {

        public boolean open() {
            return status == Status.PENDING || status == Status.DIALING || status == Status.QUEUED;
        }

        public Callback dialling(String agent, String request) {
            return new Callback(id, callId, agentId, queueId, number, dueAt, Status.DIALING, attempts + 1, nextAt,
                    Optional.of(agent), Optional.of(request), createdAt, finishedAt);
        }

        public Callback retryAt(Instant at) {
            return new Callback(id, callId, agentId, queueId, number, dueAt, Status.PENDING, attempts, at, dialledBy,
                    requestId, createdAt, finishedAt);
        }

        public Callback finished(Status end, Instant at) {
            return new Callback(id, callId, agentId, queueId, number, dueAt, end, attempts, nextAt, dialledBy,
                    requestId, createdAt, Optional.of(at));
        }
    }

    /** One complaint follow-up; open while {@code closedAt} is empty. */
    public record Complaint(long id, String callId, String agentId, Optional<String> queueId, String level,
                            Instant createdAt, Instant dueAt, Optional<Instant> closedAt, Optional<String> closedBy,
                            Optional<String> note) {}

    /**
     * What the ACD knew of a waiting caller who asked for a callback that keeps their place (V14): their queue's
     * priority and required skills (skill id → minimum level) at the time.
     */
    public record Place(int priority, Map<String, Integer> skills) {
        public Place {
            skills = Map.copyOf(skills);
        }

        /** {@code skill=level} pairs, comma separated, sorted: the stored form. */
        String skillsText() {
            return new TreeMap<>(skills).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(","));
        }

        static Map<String, Integer> skills(String text) {
            Map<String, Integer> out = new LinkedHashMap<>();
            if (text != null && !text.isEmpty()) {
                for (String pair : text.split(",")) {
                    int eq = pair.indexOf('=');
                    out.put(pair.substring(0, eq), Integer.parseInt(pair.substring(eq + 1)));
                }
            }
            return out;
        }
    }

    /**
     * Today's figures of the callbacks that keep their place, per queue: asked for, answered by the customer,
     * failed, and the sum of the answered ones' times to callback (arrival to answer).
     */
    public record QueuedCounts(long requested, long completed, long failed, long timeToCallbackMillis) {
        public static final QueuedCounts ZERO = new QueuedCounts(0, 0, 0, 0);

        public QueuedCounts plus(QueuedCounts o) {
            return new QueuedCounts(requested + o.requested, completed + o.completed, failed + o.failed,
                    timeToCallbackMillis + o.timeToCallbackMillis);
        }
    }

    /** Stores a new callback (its id is ignored); the stored one with its id. */
    public Future<Callback> insert(Callback c) {
        return insert(c, Optional.empty());
    }

    /** As {@link #insert(Callback)}, with the place of a callback asked for in a queue. */
    public Future<Callback> insert(Callback c, Optional<Place> place) {
        return store.transaction("callback", con -> {
            try (PreparedStatement ps = con.prepareStatement("INSERT INTO callbacks (call_id, agent_id, queue_id,"
                    + " number, due_at, status, attempts, next_at, created_at, queue_priority, queue_skills)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, c.callId());
                ps.setString(2, c.agentId());
                Store.setOpt(ps, 3, c.queueId());
                ps.setString(4, c.number());
                Store.setTime(ps, 5, c.dueAt());
                ps.setString(6, c.status().name());
                ps.setInt(7, c.attempts());
                Store.setTime(ps, 8, c.nextAt());
                Store.setTime(ps, 9, c.createdAt());
                if (place.isPresent()) {
                    ps.setInt(10, place.get().priority());
                    ps.setString(11, place.get().skillsText());
                } else {
                    ps.setNull(10, java.sql.Types.INTEGER);
                    ps.setNull(11, java.sql.Types.VARCHAR);
                }
                ps.executeUpdate();
                long id = EvaluationStore.generatedId(ps);
                return new Callback(id, c.callId(), c.agentId(), c.queueId(), c.number(), c.dueAt(), c.status(),
                        c.attempts(), c.nextAt(), c.dialledBy(), c.requestId(), c.createdAt(), c.finishedAt());
            }
        });
    }

    /** Writes a callback's progress (status, attempts, next time, latest dial, end). */
    public Future<Void> update(Callback c) {
        return store.transaction("callback_update", con -> {
            try (PreparedStatement ps = con.prepareStatement("UPDATE callbacks SET status = ?, attempts = ?,"
                    + " next_at = ?, dialled_by = ?, request_id = ?, finished_at = ? WHERE id = ?")) {
                ps.setString(1, c.status().name());
                ps.setInt(2, c.attempts());
                Store.setTime(ps, 3, c.nextAt());
                Store.setOpt(ps, 4, c.dialledBy());
                Store.setOpt(ps, 5, c.requestId());
                Store.setOptTime(ps, 6, c.finishedAt());
                ps.setLong(7, c.id());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Callbacks not over yet (pending or being dialled), soonest first. */
    public Future<List<Callback>> openCallbacks() {
        return store.read(con -> callbacks(con, "WHERE status IN ('PENDING', 'DIALING', 'QUEUED') ORDER BY next_at, id", 10_000));
    }

    /** The place stored with a callback asked for in a queue; empty for a scheduled one. */
    public Future<Optional<Place>> place(long id) {
        return store.read(con -> {
            try (PreparedStatement ps = con.prepareStatement("SELECT queue_priority, queue_skills FROM callbacks"
                    + " WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Place>empty();
                    }
                    int priority = rs.getInt(1);
                    return rs.wasNull() ? Optional.<Place>empty()
                            : Optional.of(new Place(priority, Place.skills(rs.getString(2))));
                }
            }
        });
    }

    /**
     * The figures of the callbacks asked for in a queue ({@code agent_id} empty) in [from, to), per queue: requested
     * by {@code created_at}, completed (DONE) and failed by {@code finished_at}; the time to callback of a completed
     * one is from {@code due_at} (the caller's arrival) to {@code finished_at} (the customer answering).
     */
    public Future<Map<String, QueuedCounts>> queuedCounts(Instant from, Instant to) {
        return store.read(con -> {
            Map<String, QueuedCounts> out = new HashMap<>();
            try (PreparedStatement ps = con.prepareStatement("SELECT queue_id, status, due_at, created_at, finished_at"
                    + " FROM callbacks WHERE agent_id = '' AND queue_id IS NOT NULL AND ((created_at >= ? AND"
                    + " created_at < ?) OR (finished_at >= ? AND finished_at < ?))")) {
                Store.setTime(ps, 1, from);
                Store.setTime(ps, 2, to);
                Store.setTime(ps, 3, from);
                Store.setTime(ps, 4, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant created = Store.time(rs, 4).orElseThrow();
                        Optional<Instant> finished = Store.time(rs, 5).filter(f -> !f.isBefore(from) && f.isBefore(to));
                        Status status = Status.valueOf(rs.getString(2));
                        long requested = !created.isBefore(from) && created.isBefore(to) ? 1 : 0;
                        boolean done = finished.isPresent() && status == Status.DONE;
                        boolean failed = finished.isPresent() && status == Status.FAILED;
                        long millis = done ? Duration.between(Store.time(rs, 3).orElseThrow(), finished.get()).toMillis()
                                : 0;
                        out.merge(rs.getString(1), new QueuedCounts(requested, done ? 1 : 0, failed ? 1 : 0, millis),
                                QueuedCounts::plus);
                    }
                }
            }
            return out;
        });
    }

    /** The latest callbacks, newest due first, at most {@code limit}. */
    public Future<List<Callback>> recentCallbacks(int limit) {
        return store.read(con -> callbacks(con, "ORDER BY due_at DESC, id DESC", limit));
    }

    /** Stores a new complaint follow-up (its id is ignored); the stored one with its id. */
    public Future<Complaint> insert(Complaint c) {
        return store.transaction("complaint", con -> {
            try (PreparedStatement ps = con.prepareStatement("INSERT INTO complaint_follow_ups (call_id, agent_id,"
                    + " queue_id, level, created_at, due_at) VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, c.callId());
                ps.setString(2, c.agentId());
                Store.setOpt(ps, 3, c.queueId());
                ps.setString(4, c.level());
                Store.setTime(ps, 5, c.createdAt());
                Store.setTime(ps, 6, c.dueAt());
                ps.executeUpdate();
                return new Complaint(EvaluationStore.generatedId(ps), c.callId(), c.agentId(), c.queueId(), c.level(),
                        c.createdAt(), c.dueAt(), Optional.empty(), Optional.empty(), Optional.empty());
            }
        });
    }

    /** Closes an open complaint follow-up with a note; false when there is no such open one. */
    public Future<Boolean> close(long id, String by, String note, Instant at) {
        return store.transaction("complaint_close", con -> {
            try (PreparedStatement ps = con.prepareStatement("UPDATE complaint_follow_ups SET closed_at = ?,"
                    + " closed_by = ?, note = ? WHERE id = ? AND closed_at IS NULL")) {
                Store.setTime(ps, 1, at);
                ps.setString(2, by);
                ps.setString(3, note);
                ps.setLong(4, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    public Future<Optional<Complaint>> complaint(long id) {
        return store.read(con -> complaints(con, "WHERE id = " + id, 1).stream().findFirst());
    }

    /** Open complaint follow-ups, soonest due first. */
    public Future<List<Complaint>> openComplaints() {
        return store.read(con -> complaints(con, "WHERE closed_at IS NULL ORDER BY due_at, id", 10_000));
    }

    /** The latest complaint follow-ups, open or closed, newest first, at most {@code limit}. */
    public Future<List<Complaint>> recentComplaints(int limit) {
        return store.read(con -> complaints(con, "ORDER BY created_at DESC, id DESC", limit));
    }

    private static List<Callback> callbacks(Connection con, String where, int limit) throws SQLException {
        List<Callback> out = new ArrayList<>();
        try (PreparedStatement ps = con.prepareStatement("SELECT " + CALLBACK_COLUMNS + " FROM callbacks " + where)) {
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Callback(rs.getLong(1), rs.getString(2), rs.getString(3), Store.opt(rs, 4),
                            rs.getString(5), Store.time(rs, 6).orElseThrow(), Status.valueOf(rs.getString(7)),
                            rs.getInt(8), Store.time(rs, 9).orElseThrow(), Store.opt(rs, 10), Store.opt(rs, 11),
                            Store.time(rs, 12).orElseThrow(), Store.time(rs, 13)));
                }
            }
        }
        return out;
    }

    private static List<Complaint> complaints(Connection con, String where, int limit) throws SQLException {
        List<Complaint> out = new ArrayList<>();
        try (PreparedStatement ps = con.prepareStatement("SELECT " + COMPLAINT_COLUMNS + " FROM complaint_follow_ups "
                + where)) {
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Complaint(rs.getLong(1), rs.getString(2), rs.getString(3), Store.opt(rs, 4),
                            rs.getString(5), Store.time(rs, 6).orElseThrow(), Store.time(rs, 7).orElseThrow(),
                            Store.time(rs, 8), Store.opt(rs, 9), Store.opt(rs, 10)));
                }
            }
        }
        return out;
    }
}
