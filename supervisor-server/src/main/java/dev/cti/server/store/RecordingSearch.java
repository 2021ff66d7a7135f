package dev.cti.server.store;

import dev.cti.server.store.RecordingRow.Status;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds recordings for the playback API: the index joined with the call detail record ({@code calls}) and the
 * wrap-ups, filtered, newest first, one page at a time. Deleted recordings (retention) are not listed. Runs on the
 * {@link Store}'s worker.
 */
public final class RecordingSearch {
    private final Store store;

    public RecordingSearch(Store store) {
        this.store = store;
    }

    /**
     * What to look for; every part is optional.
     *
     * @param from              audio started at or after
     * @param to                audio started before
     * @param agentId           the call's agent (the CDR's, else the one recording started with)
     * @param outcome           the CDR's outcome ({@link CallRecord.Outcome} name)
     * @param wrapUpCode        a wrap-up code chosen for the call
     * @param minHoldMillis     total hold of the call at least this
     * @param ringMillisAbove   ring time of the call strictly over this
     * @param callId            the call: the gateway's call id, or a click-to-dial request id that names it
     * @param visibleAgents     when present, only calls of these agents (the caller's permission); empty = all
     * @param page              0-based
     */
    public record Filter(Optional<Instant> from, Optional<Instant> to, Optional<String> queueId,
                         Optional<String> agentId, Optional<String> outcome, Optional<String> wrapUpCode,
                         Optional<Long> minHoldMillis, Optional<Long> ringMillisAbove, Optional<String> callId,
                         Optional<Set<String>> visibleAgents, int page, int size) {
        public Filter {
            visibleAgents = visibleAgents.map(Set::copyOf);
            if (page < 0 || size < 1) {
                throw new IllegalArgumentException("page " + page + ", size " + size);
            }
        }

        /** Everything, first page of 50. */
        public static Filter all() {
            return new Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0, 50);
        }
    }

    /** One recording found, without its spans, with its call's CDR when there is one yet. */
    public record Hit(RecordingRow recording, Optional<CallRecord> call) {}

    /** A page of hits and how many match in all. */
    public record Page(List<Hit> hits, long total) {}

    public Future<Page> find(Filter f) {
        return store.read(c -> {
            if (f.visibleAgents().isPresent() && f.visibleAgents().get().isEmpty()) {
                return new Page(List.of(), 0);
            }
            List<Object> args = new ArrayList<>();
            String where = where(f, args);
            long total;
            try (PreparedStatement ps = prepare(c, "SELECT COUNT(*) FROM recordings r LEFT JOIN calls c"
                    + " ON c.id = r.call_id" + where, args)) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Object> pageArgs = new ArrayList<>(args);
            pageArgs.add(f.size());
            pageArgs.add((long) f.page() * f.size());
            List<Hit> hits = new ArrayList<>();
            try (PreparedStatement ps = prepare(c, "SELECT r.id, r.call_id, r.agent_id, r.file_path, r.started_at,"
                    + " r.ended_at, r.duration_ms, r.status, r.failure, r.indexed_at,"
                    + " c.id, c.direction, c.queue_id, c.caller_number, c.dialled_number, c.agent_id, c.outcome,"
                    + " c.wait_ms, c.ring_ms, c.talk_ms, c.hold_ms, c.wrap_up_ms, c.wrap_up_code, c.started_at,"
                    + " c.answered_at, c.ended_at"
                    + " FROM recordings r LEFT JOIN calls c ON c.id = r.call_id" + where
                    + " ORDER BY r.started_at DESC, r.id LIMIT ? OFFSET ?", pageArgs)) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        hits.add(hit(rs));
                    }
                }
            }
            return new Page(hits, total);
        });
    }

    private static String where(Filter f, List<Object> args) {
        StringBuilder w = new StringBuilder(" WHERE r.deleted_at IS NULL");
        f.from().ifPresent(t -> add(w, args, " AND r.started_at >= ?", t));
        f.to().ifPresent(t -> add(w, args, " AND r.started_at < ?", t));
        f.queueId().ifPresent(q -> add(w, args, " AND c.queue_id = ?", q));
        f.agentId().ifPresent(a -> add(w, args, " AND COALESCE(c.agent_id, r.agent_id) = ?", a));
        f.outcome().ifPresent(o -> add(w, args, " AND c.outcome = ?", o));
        f.wrapUpCode().ifPresent(code -> {
            add(w, args, " AND (c.wrap_up_code = ?", code);
            add(w, args, " OR EXISTS (SELECT 1 FROM wrap_ups wu WHERE wu.call_id = r.call_id AND wu.code = ?)", code);
            // a click-to-dial call's wrap-up stored under its request id (before the store resolved the alias)
            add(w, args, " OR EXISTS (SELECT 1 FROM wrap_ups wu JOIN call_aliases a ON a.alias = wu.call_id"
                    + " WHERE a.call_id = r.call_id AND wu.code = ?))", code);
        });
        f.minHoldMillis().ifPresent(ms -> add(w, args, " AND c.hold_ms >= ?", ms));
        f.ringMillisAbove().ifPresent(ms -> add(w, args, " AND c.ring_ms > ?", ms));
        f.callId().ifPresent(id -> {
            add(w, args, " AND (r.call_id = ?", id);
            add(w, args, " OR r.call_id IN (SELECT a.call_id FROM call_aliases a WHERE a.alias = ?))", id);
        });
        f.visibleAgents().ifPresent(agents -> {
            w.append(" AND COALESCE(c.agent_id, r.agent_id) IN (");
            w.append(String.join(", ", agents.stream().map(a -> "?").toList())).append(')');
            args.addAll(agents.stream().sorted().toList());
        });
        return w.toString();
    }

    private static void add(StringBuilder w, List<Object> args, String sql, Object arg) {
        w.append(sql);
        args.add(arg);
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof Instant t) {
                    Store.setTime(ps, i + 1, t);
                } else if (a instanceof Long l) {
                    ps.setLong(i + 1, l);
                } else if (a instanceof Integer n) {
                    ps.setInt(i + 1, n);
                } else {
                    ps.setString(i + 1, (String) a);
                }
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    private static Hit hit(ResultSet rs) throws SQLException {
        RecordingRow r = new RecordingRow(rs.getString(1), rs.getString(2), Store.opt(rs, 3), rs.getString(4),
                Store.time(rs, 5).orElseThrow(), Store.time(rs, 6), RecordingStore.optLong(rs, 7), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Status.valueOf(rs.getString(8)),
                Store.opt(rs, 9), Store.time(rs, 10).orElseThrow(), Optional.empty(), List.of(), List.of());
        if (rs.getString(11) == null) {
            return new Hit(r, Optional.empty());
        }
        CallRecord call = new CallRecord(rs.getString(11), CallRecord.Direction.valueOf(rs.getString(12)),
                Store.opt(rs, 13), Store.opt(rs, 14), Store.opt(rs, 15), Store.opt(rs, 16),
                CallRecord.Outcome.valueOf(rs.getString(17)), ms(rs, 18), ms(rs, 19), ms(rs, 20), ms(rs, 21),
                ms(rs, 22), Store.opt(rs, 23), Optional.empty(), Store.time(rs, 24).orElseThrow(), Store.time(rs, 25),
                Store.time(rs, 26));
        return new Hit(r, Optional.of(call));
    }

    private static java.time.Duration ms(ResultSet rs, int i) throws SQLException {
        return java.time.Duration.ofMillis(rs.getLong(i));
    }
}
