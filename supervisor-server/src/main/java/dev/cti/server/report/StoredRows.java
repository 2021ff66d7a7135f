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
 * <p>
 * The open interval's rows ({@link Open}) are the exception: an agent row (or not-ready reason row) whose only change
 * is more time in the agent's state, of an agent without a new state change since the last run, is <b>held back</b>
 * (left as stored, its computed value kept here) unless the run flushes; it is written by the next flushing run, by
 * the first run after the interval closed (a closed interval holds nothing back) or by {@link #flushHeld} at shutdown.
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

    /**
     * The open interval of a run: {@code lastChanges} holds each agent's last state change in it (its id) as the run
     * read them; {@code flush} writes every row that differs, holding nothing back.
     */
    record Open(Instant interval, Map<String, Long> lastChanges, boolean flush) {}

    /** Whether a changed row of the open interval may stay as stored for now. */
    @FunctionalInterface
    private interface HoldBack<K, V> {
        boolean test(K id, V stored, V computed);
    }

    private final NavigableMap<Instant, Map<String, QueueCounts>> queues = new TreeMap<>();
    private final NavigableMap<Instant, Map<String, AgentCounts>> agents = new TreeMap<>();
    private final NavigableMap<Instant, Map<Reason, Long>> reasons = new TreeMap<>();
    /** The span [knownFrom, knownTo) whose stored rows are exactly the maps above; null when nothing is known. */
    private Instant knownFrom;
    private Instant knownTo;
    private volatile long written;
    /** The open interval of the last run and each agent's last state change in it then; null when not known. */
    private Instant open;
    private Map<String, Long> openChanges;
    /** The open interval's rows held back: their computed values (the stored ones are in the maps above). */
    private final Map<String, AgentCounts> heldAgents = new HashMap<>();
    private final Map<Reason, Long> heldReasons = new HashMap<>();
    private volatile int held;

    /**
     * Makes the stored rows of [from, to) those of {@code rows}, writing only the differences; with {@code now} (the
     * span holds the open interval) the open interval's rows that only gained time may be held back.
     */
    void write(Connection c, Instant from, Instant to, IntervalComputer.Computed rows, Open now) throws SQLException {
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
        HoldBack<String, AgentCounts> holdAgent = null;
        HoldBack<Reason, Long> holdReason = null;
        if (now != null) {
            heldAgents.clear();
            heldReasons.clear();
            if (!now.flush() && now.interval().equals(open) && openChanges != null) {
                Map<String, Long> before = openChanges;
                holdAgent = (id, old, n) -> n.onlyTimeGrewFrom(old)
                        && Objects.equals(before.get(id), now.lastChanges().get(id));
                holdReason = (id, old, n) -> n >= old
                        && Objects.equals(before.get(id.agent()), now.lastChanges().get(id.agent()));
            }
        }
        Instant at = now == null ? null : now.interval();
        written += QUEUES.write(c, queues, rows.queues(), from, to, at, null, null);
        written += AGENTS.write(c, agents, nonZero, from, to, at, holdAgent, heldAgents);
        written += REASONS.write(c, reasons, byReason, from, to, at, holdReason, heldReasons);
        if (now != null) {
            open = now.interval();
            openChanges = Map.copyOf(now.lastChanges());
            held = heldAgents.size() + heldReasons.size();
        }
    }

    /** Writes the open interval's rows held back (at shutdown). */
    void flushHeld(Connection c) throws SQLException {
        if (open == null) {
            return;
        }
        written += AGENTS.update(c, agents, open, heldAgents) + REASONS.update(c, reasons, open, heldReasons);
        heldAgents.clear();
        heldReasons.clear();
        held = 0;
    }

    /** Rows of the open interval held back by the last run (for the tests and the log). */
    int held() {
        return held;
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
            clear();
            return;
        }
        queues.headMap(at).clear();
        agents.headMap(at).clear();
        reasons.headMap(at).clear();
        knownFrom = at;
    }

    /** Forgets everything (a failed run): the next run reads the tables again and holds nothing back. */
    void forget() {
        clear();
        open = null;
        openChanges = null;
        heldAgents.clear();
        heldReasons.clear();
        held = 0;
    }

    /** Forgets the copy of the rows (the rows held back stay: the copy read again has them as they are stored). */
    private void clear() {
        queues.clear();
        agents.clear();
        reasons.clear();
        knownFrom = null;
        knownTo = null;
    }

    /** Reads the stored rows of the part of [from, to) not known yet, keeping the known span contiguous. */
    private void know(Connection c, Instant from, Instant to) throws SQLException {
        if (knownFrom == null || to.isBefore(knownFrom) || from.isAfter(knownTo)) {
            clear();
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
         * makes {@code stored}'s span hold the computed rows, but for the changed rows of the interval {@code open} that
         * {@code hold} holds back: those stay as stored, their computed values go to {@code held}. Returns the number of
         * rows written.
         */
        int write(Connection c, NavigableMap<Instant, Map<K, V>> stored, Map<Instant, Map<K, V>> computed,
                  Instant from, Instant to, Instant open, HoldBack<K, V> hold, Map<K, V> held) throws SQLException {
            List<Instant> deleteAt = new ArrayList<>();
            List<K> deleteId = new ArrayList<>();
            List<Instant> updateAt = new ArrayList<>();
            List<Map.Entry<K, V>> updates = new ArrayList<>();
            List<Instant> insertAt = new ArrayList<>();
            List<Map.Entry<K, V>> inserts = new ArrayList<>();
            Map<K, V> kept = new HashMap<>();
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
                    } else if (Objects.equals(old, row.getValue())) {
                        continue;
                    } else if (hold != null && at.equals(open) && hold.test(row.getKey(), old, row.getValue())) {
                        held.put(row.getKey(), row.getValue());
                        kept.put(row.getKey(), old);
                    } else {
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
            update(c, updateAt, updates);
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
            if (!kept.isEmpty()) {
                stored.computeIfAbsent(open, k -> new HashMap<>()).putAll(kept);
            }
            return deleteId.size() + updates.size() + inserts.size();
        }

        /** UPDATEs the rows {@code rows} of the interval {@code at} (held back until now), as {@code stored} then. */
        int update(Connection c, NavigableMap<Instant, Map<K, V>> stored, Instant at, Map<K, V> rows)
                throws SQLException {
            List<Map.Entry<K, V>> list = new ArrayList<>(rows.entrySet());
            update(c, java.util.Collections.nCopies(list.size(), at), list);
            stored.computeIfAbsent(at, k -> new HashMap<>()).putAll(rows);
            return list.size();
        }

        private void update(Connection c, List<Instant> at, List<Map.Entry<K, V>> rows) throws SQLException {
            if (rows.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement(update)) {
                for (int i = 0; i < rows.size(); i++) {
                    long[] v = values.apply(rows.get(i).getValue());
                    for (int k = 0; k < v.length; k++) {
                        ps.setLong(1 + k, v[k]);
                    }
                    Sql.time(ps, v.length + 1, at.get(i));
                    key.bind(ps, v.length + 2, rows.get(i).getKey());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }
}
