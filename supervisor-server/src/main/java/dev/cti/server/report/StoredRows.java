package dev.cti.server.report;

import dev.cti.server.kpi.QueueCounts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The interval job's copy of the rows stored for a span of intervals it knows exactly, so that a run writes only what
 * differs from the rows it computed: a changed row is UPDATEd, a new one INSERTed, one no longer computed DELETEd, an
 * equal one left alone. The stored rows are exactly those a DELETE of the span and an INSERT of every computed row would
 * leave (agent rows that are all zero are not stored). The job alone writes the interval tables, so the copy stays
 * true; a span not known yet (the first run, a record that changed an earlier interval, the hourly sweep) is read from
 * the tables first. The job keeps the recent intervals ({@link #forgetBefore}) and forgets everything when a run fails.
 */
final class StoredRows {
    private static final Table<String, QueueCounts> QUEUES = new Table<>("interval_queue", "queue_id",
            IntervalStore.QUEUE_COLUMNS, (ps, i, id) -> ps.setString(i, id), IntervalStore::queueValues);
    private static final Table<String, AgentCounts> AGENTS = new Table<>("interval_agent", "agent_id",
            IntervalStore.AGENT_COLUMNS, (ps, i, id) -> ps.setString(i, id), IntervalStore::agentValues);
    private static final Table<Reason, Long> REASONS = new Table<>("interval_agent_reason", "agent_id, reason",
            "not_ready_ms", (ps, i, id) -> {
                ps.setString(i, id.agent());
                ps.setString(i + 1, id.reason());
            }, v -> new long[] {v});

    /** An agent's not-ready reason (a row of {@code interval_agent_reason} is per interval, agent and reason). */
    record Reason(String agent, String reason) {}

    private final NavigableMap<Instant, Map<String, QueueCounts>> queues = new TreeMap<>();
    private final NavigableMap<Instant, Map<String, AgentCounts>> agents = new TreeMap<>();
    private final NavigableMap<Instant, Map<Reason, Long>> reasons = new TreeMap<>();
    /** The span [knownFrom, knownTo) whose stored rows are exactly the maps above; null when nothing is known. */
    private Instant knownFrom;
    private Instant knownTo;
    private volatile long written;

    /** Makes the stored rows of [from, to) those of {@code rows}, writing only the differences. */
    void write(Connection c, Instant from, Instant to, IntervalComputer.Computed rows) throws SQLException {
        know(c, from, to);
        Map<Instant, Map<String, AgentCounts>> nonZero = new TreeMap<>();
        rows.agents().forEach((i, m) -> m.forEach((id, n) -> {
            if (!n.isZero()) {
                nonZero.computeIfAbsent(i, k -> new HashMap<>()).put(id, n);
            }
        }));
        Map<Instant, Map<Reason, Long>> byReason = new TreeMap<>();
        rows.reasons().forEach((i, m) -> m.forEach((agent, r) -> r.forEach((reason, ms) ->
                byReason.computeIfAbsent(i, k -> new HashMap<>()).put(new Reason(agent, reason), ms))));
        written += QUEUES.write(c, queues, rows.queues(), from, to);
        written += AGENTS.write(c, agents, nonZero, from, to);
        written += REASONS.write(c, reasons, byReason, from, to);
    }

    /** Rows inserted, updated or deleted since the job started (for the tests and the log). */
    long written() {
        return written;
    }

    /** Keeps only the intervals from {@code at} on. */
    void forgetBefore(Instant at) {
        if (knownFrom == null || !knownFrom.isBefore(at)) {
            return;
        }
        if (!at.isBefore(knownTo)) {
            forget();
            return;
        }
        queues.headMap(at).clear();
        agents.headMap(at).clear();
        reasons.headMap(at).clear();
        knownFrom = at;
    }

    void forget() {
        queues.clear();
        agents.clear();
        reasons.clear();
        knownFrom = null;
        knownTo = null;
    }

    /** Reads the stored rows of the part of [from, to) not known yet, keeping the known span contiguous. */
    private void know(Connection c, Instant from, Instant to) throws SQLException {
        if (knownFrom == null || to.isBefore(knownFrom) || from.isAfter(knownTo)) {
            forget();
            read(c, from, to);
            knownFrom = from;
            knownTo = to;
            return;
        }
        if (from.isBefore(knownFrom)) {
            read(c, from, knownFrom);
            knownFrom = from;
        }
        if (to.isAfter(knownTo)) {
            read(c, knownTo, to);
            knownTo = to;
        }
    }

    private void read(Connection c, Instant from, Instant to) throws SQLException {
        IntervalStore.queueRows(c, from, to).forEach((i, m) -> queues.put(i, new HashMap<>(m)));
        IntervalStore.agentRows(c, from, to).forEach((i, m) -> agents.put(i, new HashMap<>(m)));
        IntervalStore.reasonRows(c, from, to).forEach((i, m) -> m.forEach((agent, r) -> r.forEach((reason, ms) ->
                reasons.computeIfAbsent(i, k -> new HashMap<>()).put(new Reason(agent, reason), ms))));
    }

    @FunctionalInterface
    private interface KeyBinder<K> {
        void bind(PreparedStatement ps, int first, K id) throws SQLException;
    }

    /** One interval table: its key columns after interval_start, its value columns, and the statements of a diff. */
    private record Table<K, V>(String insert, String update, String delete, KeyBinder<K> key,
                               java.util.function.Function<V, long[]> values, int keyColumns) {
        Table(String table, String keys, String columns, KeyBinder<K> key, java.util.function.Function<V, long[]> values) {
            this("INSERT INTO " + table + " (interval_start, " + keys + ", " + columns + ") VALUES ("
                            + "?, ".repeat(1 + count(keys) + count(columns) - 1) + "?)",
                    "UPDATE " + table + " SET " + String.join(" = ?, ", columns.split(",\\s*")) + " = ?"
                            + " WHERE interval_start = ? AND " + String.join(" = ? AND ", keys.split(",\\s*")) + " = ?",
                    "DELETE FROM " + table + " WHERE interval_start = ? AND "
                            + String.join(" = ? AND ", keys.split(",\\s*")) + " = ?",
                    key, values, count(keys));
        }

        private static int count(String columns) {
            return columns.split(",").length;
        }

        /**
         * Writes the differences between the stored rows of [from, to) (in {@code stored}) and {@code computed}, and
         * makes {@code stored}'s span hold the computed rows. Returns the number of rows written.
         */
        int write(Connection c, NavigableMap<Instant, Map<K, V>> stored, Map<Instant, Map<K, V>> computed,
                  Instant from, Instant to) throws SQLException {
            List<Instant> deleteAt = new ArrayList<>();
            List<K> deleteId = new ArrayList<>();
            List<Instant> updateAt = new ArrayList<>();
            List<Map.Entry<K, V>> updates = new ArrayList<>();
            List<Instant> insertAt = new ArrayList<>();
            List<Map.Entry<K, V>> inserts = new ArrayList<>();
            NavigableMap<Instant, Map<K, V>> span = stored.subMap(from, true, to, false);
            for (var interval : span.entrySet()) {
                Map<K, V> now = computed.getOrDefault(interval.getKey(), Map.of());
                for (K id : interval.getValue().keySet()) {
                    if (!now.containsKey(id)) {
                        deleteAt.add(interval.getKey());
                        deleteId.add(id);
                    }
                }
            }
            for (var interval : computed.entrySet()) {
                Instant at = interval.getKey();
                if (at.isBefore(from) || !at.isBefore(to)) {
                    continue;
                }
                Map<K, V> before = span.getOrDefault(at, Map.of());
                for (var row : interval.getValue().entrySet()) {
                    V old = before.get(row.getKey());
                    if (old == null) {
                        insertAt.add(at);
                        inserts.add(row);
                    } else if (!Objects.equals(old, row.getValue())) {
                        updateAt.add(at);
                        updates.add(row);
                    }
                }
            }
            if (!deleteId.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(delete)) {
                    for (int i = 0; i < deleteId.size(); i++) {
                        Sql.time(ps, 1, deleteAt.get(i));
                        key.bind(ps, 2, deleteId.get(i));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            if (!updates.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(update)) {
                    for (int i = 0; i < updates.size(); i++) {
                        long[] v = values.apply(updates.get(i).getValue());
                        for (int k = 0; k < v.length; k++) {
                            ps.setLong(1 + k, v[k]);
                        }
                        Sql.time(ps, v.length + 1, updateAt.get(i));
                        key.bind(ps, v.length + 2, updates.get(i).getKey());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            if (!inserts.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    for (int i = 0; i < inserts.size(); i++) {
                        Sql.time(ps, 1, insertAt.get(i));
                        key.bind(ps, 2, inserts.get(i).getKey());
                        long[] v = values.apply(inserts.get(i).getValue());
                        for (int k = 0; k < v.length; k++) {
                            ps.setLong(2 + keyColumns + k, v[k]);
                        }
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            span.clear();
            computed.forEach((at, m) -> {
                if (!at.isBefore(from) && at.isBefore(to) && !m.isEmpty()) {
                    stored.put(at, new HashMap<>(m));
                }
            });
            return deleteId.size() + updates.size() + inserts.size();
        }
    }
}
