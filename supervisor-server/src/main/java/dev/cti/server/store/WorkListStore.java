package dev.cti.server.store;

import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The evaluators' work lists and what the daily sampling reads: the answered calls of a day with their longest hold
 * and wrap-up codes. Runs on the {@link Store}'s one worker and connection.
 */
public final class WorkListStore {
    private final Store store;

    public WorkListStore(Store store) {
        this.store = store;
    }

    /**
     * An answered, ended call with an agent, as the sampling sees it.
     *
     * @param longestHold its longest single hold (holds stored under its aliases included)
     * @param wrapUpCodes every wrap-up code recorded for it
     */
    public record Candidate(CallRecord call, Duration longestHold, Set<String> wrapUpCodes) {}

    /** Answered calls with an agent that started in [from, to) and have ended, oldest first. */
    public Future<List<Candidate>> candidates(Instant from, Instant to) {
        return store.read(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM calls WHERE started_at >= ?"
                    + " AND started_at < ? AND outcome = 'ANSWERED' AND agent_id IS NOT NULL AND ended_at IS NOT NULL"
                    + " ORDER BY started_at, id")) {
                Store.setTime(ps, 1, from);
                Store.setTime(ps, 2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            List<Candidate> out = new ArrayList<>();
            for (String id : ids) {
                CallRecord call = Store.findCall(c, id).orElseThrow();
                List<String> all = CallHistoryStore.ids(c, id);
                Duration longest = Duration.ZERO;
                Set<String> codes = new LinkedHashSet<>();
                call.wrapUpCode().ifPresent(codes::add);
                try (PreparedStatement ps = c.prepareStatement("SELECT started_at, ended_at FROM holds WHERE call_id IN "
                        + CallHistoryStore.in(all))) {
                    bind(ps, all);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Instant start = Store.time(rs, 1).orElseThrow();
                            Instant end = Store.time(rs, 2).orElse(call.endedAt().orElse(start));
                            Duration d = Duration.between(start, end);
                            if (d.compareTo(longest) > 0) {
                                longest = d;
                            }
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT code FROM wrap_ups WHERE call_id IN "
                        + CallHistoryStore.in(all))) {
                    bind(ps, all);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            codes.add(rs.getString(1));
                        }
                    }
                }
                out.add(new Candidate(call, longest, codes));
            }
            return out;
        });
    }

    private static void bind(PreparedStatement ps, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setString(i + 1, values.get(i));
        }
    }

    /** A call the sampling puts on a list. */
    public record NewItem(String evaluator, String callId, String agentId, LocalDate callDay, List<String> reasons) {}

    /**
     * Records the sampling of {@code day} with its items, once: false (and nothing written) when that day was sampled
     * already. A call already on the evaluator's list keeps its row.
     */
    public Future<Boolean> recordRun(LocalDate day, List<NewItem> items, Instant at) {
        return store.transaction("qa_sampling", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM qa_sampling_runs WHERE sampled_day = ?")) {
                ps.setObject(1, day);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            int added = 0;
            for (NewItem item : items) {
                added += insertIfAbsent(c, item, at);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO qa_sampling_runs (sampled_day, ran_at, items)"
                    + " VALUES (?, ?, ?)")) {
                ps.setObject(1, day);
                Store.setTime(ps, 2, at);
                ps.setInt(3, added);
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Whether {@code day} was sampled. */
    public Future<Boolean> sampled(LocalDate day) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM qa_sampling_runs WHERE sampled_day = ?")) {
                ps.setObject(1, day);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private static int insertIfAbsent(Connection c, NewItem item, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO qa_work_items (evaluator, call_id, agent_id,"
                + " call_day, reasons, status, added_at) SELECT ?, ?, ?, ?, ?, 'OPEN', ? WHERE NOT EXISTS"
                + " (SELECT 1 FROM qa_work_items WHERE evaluator = ? AND call_id = ?)"
                + " AND NOT EXISTS (SELECT 1 FROM qa_evaluations WHERE call_id = ? AND agent_id = ?)")) {
            ps.setString(1, item.evaluator());
            ps.setString(2, item.callId());
            ps.setString(3, item.agentId());
            ps.setObject(4, item.callDay());
            ps.setString(5, String.join(",", item.reasons()));
            Store.setTime(ps, 6, at);
            ps.setString(7, item.evaluator());
            ps.setString(8, item.callId());
            ps.setString(9, item.callId());
            ps.setString(10, item.agentId());
            return ps.executeUpdate();
        }
    }

    /** Puts a disputed evaluation's call back on its evaluator's list (in the dispute's transaction). */
    static void requeue(Connection c, String evaluator, String callId, String agentId, LocalDate callDay,
                        long evaluationId, Instant at) throws SQLException {
        Optional<String> reasons = Optional.empty();
        try (PreparedStatement ps = c.prepareStatement("SELECT reasons FROM qa_work_items WHERE evaluator = ?"
                + " AND call_id = ?")) {
            ps.setString(1, evaluator);
            ps.setString(2, callId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    reasons = Optional.of(rs.getString(1));
                }
            }
        }
        if (reasons.isPresent()) {
            Set<String> all = new LinkedHashSet<>(Arrays.asList(reasons.get().split(",")));
            all.add("dispute");
            try (PreparedStatement ps = c.prepareStatement("UPDATE qa_work_items SET status = 'OPEN', reasons = ?,"
                    + " evaluation_id = ? WHERE evaluator = ? AND call_id = ?")) {
                ps.setString(1, String.join(",", all));
                ps.setLong(2, evaluationId);
                ps.setString(3, evaluator);
                ps.setString(4, callId);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO qa_work_items (evaluator, call_id, agent_id,"
                + " call_day, reasons, status, evaluation_id, added_at) VALUES (?, ?, ?, ?, 'dispute', 'OPEN', ?, ?)")) {
            ps.setString(1, evaluator);
            ps.setString(2, callId);
            ps.setString(3, agentId);
            ps.setObject(4, callDay);
            ps.setLong(5, evaluationId);
            Store.setTime(ps, 6, at);
            ps.executeUpdate();
        }
    }

    /** An evaluator's list (all evaluators' when {@code evaluator} is empty), in these statuses, oldest day first. */
    public Future<List<WorkItem>> list(Optional<String> evaluator, Set<String> statuses, Optional<LocalDate> day,
                                       int limit) {
        return store.read(c -> {
            StringBuilder sql = new StringBuilder("SELECT id, evaluator, call_id, agent_id, call_day, reasons, status,"
                    + " evaluation_id, added_at FROM qa_work_items WHERE status IN " + CallHistoryStore.in(statuses));
            evaluator.ifPresent(e -> sql.append(" AND evaluator = ?"));
            day.ifPresent(d -> sql.append(" AND call_day = ?"));
            sql.append(" ORDER BY call_day, id LIMIT ?");
            List<WorkItem> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                for (String s : statuses) {
                    ps.setString(i++, s);
                }
                if (evaluator.isPresent()) {
                    ps.setString(i++, evaluator.get());
                }
                if (day.isPresent()) {
                    ps.setObject(i++, day.get());
                }
                ps.setInt(i, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long ev = rs.getLong(8);
                        Optional<Long> evaluation = rs.wasNull() ? Optional.empty() : Optional.of(ev);
                        out.add(new WorkItem(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getObject(5, LocalDate.class), Arrays.asList(rs.getString(6).split(",")),
                                rs.getString(7), evaluation, Store.time(rs, 9).orElseThrow()));
                    }
                }
            }
            return out;
        });
    }

    /** The CDRs of these calls, by id (a work list's display). */
    public Future<Map<String, CallRecord>> calls(List<String> ids) {
        return store.read(c -> {
            Map<String, CallRecord> out = new HashMap<>();
            for (String id : new LinkedHashSet<>(ids)) {
                Store.findCall(c, id).ifPresent(r -> out.put(id, r));
            }
            return out;
        });
    }
}
