package dev.cti.server.store;

import dev.cti.config.StorageConfig;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentJournal;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.AgentStateChange;
import dev.cti.server.agent.Cause;
import dev.cti.server.agent.WrapUpRecord;
import dev.cti.server.metrics.ServerMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's durable records, behind an asynchronous API.
 *
 * <p>Every operation runs on one dedicated worker thread ({@code cti-store}, a Vert.x worker pool of
 * size 1) that owns the store's single JDBC connection, never on an event loop. A write's future
 * completes only after its transaction is committed, so whatever a caller acknowledges is durable.
 * A single writer keeps things simple and ordered (writes are applied in the order they were asked
 * for) and is ample for one site's rate of agent events and CDRs; see docs/STORAGE.md.
 */
public final class Store implements AgentJournal, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);

    /** A unit of work on the connection; its transaction is committed by the store after it returns. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    private final Database database;
    private final Connection connection;
    private final WorkerExecutor worker;
    private final MeterRegistry meters;
    private final Clock clock;
    private final dev.cti.privacy.NumberDigest numbers;

    private Store(Database database, Connection connection, WorkerExecutor worker, MeterRegistry meters,
                  Clock clock, dev.cti.privacy.NumberDigest numbers) {
        this.numbers = numbers;
        this.database = database;
        this.connection = connection;
        this.worker = worker;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Opens (creating and migrating as needed) the configured database. Blocking: call it at start-up
     * or from a worker, never from an event loop.
     */
    public static Store open(StorageConfig storage, Vertx vertx, MeterRegistry meters, Clock clock) {
        Database db = Database.of(storage);
        try {
            db.prepare(storage);
            int ran = db.migrate();
            dev.cti.privacy.NumberDigest numbers = dev.cti.privacy.NumberDigest.fromKeyFile(
                    java.nio.file.Path.of(storage.dataDir(), NUMBER_KEY_FILE), new java.security.SecureRandom());
            Connection c = db.connect();
            LOG.info("store open at {} ({} migration(s) applied)", db.describe(), ran);
            return new Store(db, c, vertx.createSharedWorkerExecutor("cti-store", 1), meters, clock, numbers);
        } catch (SQLException | IOException | RuntimeException e) {
            throw new StoreException("cannot open the store at " + db.describe(), e);
        }
    }

    public Database database() {
        return database;
    }

    /** The key file of {@link #numbers()}, in {@code storage.dataDir} (not in the database). */
    public static final String NUMBER_KEY_FILE = "number-key";

    /**
     * Digests of phone numbers kept where only a match is needed (the audit of customer look-ups): keyed with
     * {@code storage.dataDir/number-key}, so the database alone gives no number back. docs/SECURITY.md.
     */
    public dev.cti.privacy.NumberDigest numbers() {
        return numbers;
    }

    /** Runs {@code work} on the store's thread in one transaction, committed before the future completes. */
    <T> Future<T> transaction(String kind, Work<T> work) {
        return worker.executeBlocking(() -> {
            try {
                T result = work.run(connection);
                connection.commit();
                ServerMeters.STORE_WRITES.counter(meters, "kind", kind).increment();
                return result;
            } catch (SQLException | IOException | RuntimeException e) {
                rollbackQuietly();
                ServerMeters.STORE_WRITE_FAILURES.counter(meters, "kind", kind).increment();
                // Only the class and SQL state: driver messages can quote row values (phone numbers).
                LOG.error("store: {} failed: {} (SQL state {})", kind, e.getClass().getSimpleName(), sqlState(e));
                throw new StoreException(kind + " failed: " + e.getClass().getSimpleName() + " (SQL state "
                        + sqlState(e) + ")", e instanceof SQLException ? null : e);
            }
        }, true);
    }

    /** Runs a read on the store's thread. */
    <T> Future<T> read(Work<T> work) {
        return worker.executeBlocking(() -> {
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | IOException | RuntimeException e) {
                rollbackQuietly();
                throw new StoreException("read failed: " + e.getClass().getSimpleName() + " (SQL state "
                        + sqlState(e) + ")", e instanceof SQLException ? null : e);
            }
        }, true);
    }

    private static String sqlState(Exception e) {
        return e instanceof SQLException se ? se.getSQLState() : "-";
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("store: rollback failed: {}", e.toString());
        }
    }

    // ---- agent journal -------------------------------------------------------------------------------

    @Override
    public Future<Void> recordStateChange(AgentStateChange ch) {
        return transaction("agent_state", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO agent_state_history (agent_id, from_state,"
                    + " from_reason, to_state, reason, event, cause, actor, call_id, at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, ch.agentId());
                ps.setString(2, ch.from().name());
                setOpt(ps, 3, ch.fromReason());
                ps.setString(4, ch.to().name());
                setOpt(ps, 5, ch.reason());
                ps.setString(6, ch.event().name());
                ps.setString(7, ch.cause().kind().name());
                setOpt(ps, 8, ch.cause().actor());
                setOpt(ps, 9, CallHistoryStore.callIdOf(c, ch.callId()));
                setTime(ps, 10, ch.at());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Future<Void> recordWrapUp(WrapUpRecord w) {
        return transaction("wrap_up", c -> {
            String callId = CallHistoryStore.callIdOf(c, w.callId());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO wrap_ups (call_id, agent_id, queue_id, code,"
                    + " notes, cause, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, callId);
                ps.setString(2, w.agentId());
                setOpt(ps, 3, w.queueId());
                ps.setString(4, w.code());
                setOpt(ps, 5, w.notes());
                ps.setString(6, w.cause().kind().name());
                setOpt(ps, 7, w.cause().actor());
                setTime(ps, 8, w.at());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE calls SET wrap_up_code = ?, notes = ? WHERE id = ?")) {
                ps.setString(1, w.code());
                setOpt(ps, 2, w.notes());
                ps.setString(3, callId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Future<Void> recordHold(String agentCallId, String agentId, boolean held, Instant at) {
        return transaction("hold", c -> {
            String callId = CallHistoryStore.callIdOf(c, agentCallId);
            if (held) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO holds (call_id, agent_id, started_at) VALUES (?, ?, ?)")) {
                    ps.setString(1, callId);
                    ps.setString(2, agentId);
                    setTime(ps, 3, at);
                    ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE holds SET ended_at = ? WHERE call_id IN (?, ?) AND ended_at IS NULL")) {
                    setTime(ps, 1, at);
                    ps.setString(2, callId);
                    ps.setString(3, agentCallId); // a hold begun before the gateway named the call
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    // ---- calls ---------------------------------------------------------------------------------------

    /** Inserts or replaces the CDR with this id. */
    public Future<Void> recordCall(CallRecord r) {
        return transaction("call", c -> {
            String cols = "direction = ?, queue_id = ?, caller_number = ?, dialled_number = ?, agent_id = ?,"
                    + " outcome = ?, wait_ms = ?, ring_ms = ?, talk_ms = ?, hold_ms = ?, wrap_up_ms = ?,"
                    + " wrap_up_code = ?, notes = ?, started_at = ?, answered_at = ?, ended_at = ?";
            try (PreparedStatement up = c.prepareStatement("UPDATE calls SET " + cols + " WHERE id = ?")) {
                int i = bindCall(up, r, 1);
                up.setString(i, r.id());
                if (up.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO calls (direction, queue_id, caller_number,"
                    + " dialled_number, agent_id, outcome, wait_ms, ring_ms, talk_ms, hold_ms, wrap_up_ms,"
                    + " wrap_up_code, notes, started_at, answered_at, ended_at, id)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int i = bindCall(ins, r, 1);
                ins.setString(i, r.id());
                ins.executeUpdate();
            }
            return null;
        });
    }

    private static int bindCall(PreparedStatement ps, CallRecord r, int i) throws SQLException {
        ps.setString(i++, r.direction().name());
        setOpt(ps, i++, r.queueId());
        setOpt(ps, i++, r.callerNumber());
        setOpt(ps, i++, r.dialledNumber());
        setOpt(ps, i++, r.agentId());
        ps.setString(i++, r.outcome().name());
        ps.setLong(i++, r.waitTime().toMillis());
        ps.setLong(i++, r.ringTime().toMillis());
        ps.setLong(i++, r.talkTime().toMillis());
        ps.setLong(i++, r.holdTime().toMillis());
        ps.setLong(i++, r.wrapUpTime().toMillis());
        setOpt(ps, i++, r.wrapUpCode());
        setOpt(ps, i++, r.notes());
        setTime(ps, i++, r.startedAt());
        setOptTime(ps, i++, r.answeredAt());
        setOptTime(ps, i++, r.endedAt());
        return i;
    }

    public Future<Optional<CallRecord>> call(String id) {
        return read(c -> findCall(c, id));
    }

    /** The CDR with this id, on the store's connection (for the other record classes of this package). */
    static Optional<CallRecord> findCall(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT direction, queue_id, caller_number,"
                + " dialled_number, agent_id, outcome, wait_ms, ring_ms, talk_ms, hold_ms, wrap_up_ms,"
                + " wrap_up_code, notes, started_at, answered_at, ended_at FROM calls WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CallRecord(id, CallRecord.Direction.valueOf(rs.getString(1)),
                        opt(rs, 2), opt(rs, 3), opt(rs, 4), opt(rs, 5),
                        CallRecord.Outcome.valueOf(rs.getString(6)), ms(rs, 7), ms(rs, 8), ms(rs, 9),
                        ms(rs, 10), ms(rs, 11), opt(rs, 12), opt(rs, 13), time(rs, 14).orElseThrow(),
                        time(rs, 15), time(rs, 16)));
            }
        }
    }

    /** The after-call work time of a call, known when its agent leaves WRAP_UP. */
    public Future<Void> recordWrapUpTime(String callId, java.time.Duration wrapUp) {
        return transaction("wrap_up_time", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE calls SET wrap_up_ms = ? WHERE id = ?")) {
                ps.setLong(1, wrapUp.toMillis());
                ps.setString(2, CallHistoryStore.callIdOf(c, callId));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** An agent's calls that started in [from, to), newest first, at most {@code limit}. */
    public Future<List<CallRecord>> callsOfAgent(String agentId, Instant from, Instant to, int limit) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, direction, queue_id, caller_number,"
                    + " dialled_number, agent_id, outcome, wait_ms, ring_ms, talk_ms, hold_ms, wrap_up_ms,"
                    + " wrap_up_code, notes, started_at, answered_at, ended_at FROM calls"
                    + " WHERE agent_id = ? AND started_at >= ? AND started_at < ? ORDER BY started_at DESC")) {
                ps.setString(1, agentId);
                setTime(ps, 2, from);
                setTime(ps, 3, to);
                ps.setMaxRows(limit);
                List<CallRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new CallRecord(rs.getString(1), CallRecord.Direction.valueOf(rs.getString(2)),
                                opt(rs, 3), opt(rs, 4), opt(rs, 5), opt(rs, 6),
                                CallRecord.Outcome.valueOf(rs.getString(7)), ms(rs, 8), ms(rs, 9), ms(rs, 10),
                                ms(rs, 11), ms(rs, 12), opt(rs, 13), opt(rs, 14), time(rs, 15).orElseThrow(),
                                time(rs, 16), time(rs, 17)));
                    }
                }
                return out;
            }
        });
    }

    /** Inserts or replaces the leg ({@code callId}, {@code legId}). */
    public Future<Void> recordCallLeg(CallLegRecord l) {
        return transaction("call_leg", c -> {
            try (PreparedStatement up = c.prepareStatement("UPDATE call_legs SET kind = ?, party = ?, started_at = ?,"
                    + " answered_at = ?, ended_at = ?, end_reason = ? WHERE call_id = ? AND leg_id = ?")) {
                bindLeg(up, l);
                if (up.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO call_legs (kind, party, started_at,"
                    + " answered_at, ended_at, end_reason, call_id, leg_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                bindLeg(ins, l);
                ins.executeUpdate();
            }
            return null;
        });
    }

    private static void bindLeg(PreparedStatement ps, CallLegRecord l) throws SQLException {
        ps.setString(1, l.kind().name());
        setOpt(ps, 2, l.party());
        setTime(ps, 3, l.startedAt());
        setOptTime(ps, 4, l.answeredAt());
        setOptTime(ps, 5, l.endedAt());
        setOpt(ps, 6, l.endReason());
        ps.setString(7, l.callId());
        ps.setString(8, l.legId());
    }

    public Future<Void> recordHoldThresholdCrossing(HoldThresholdCrossing h) {
        return transaction("hold_threshold", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO hold_threshold_crossings (call_id, agent_id,"
                    + " threshold_seconds, at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, h.callId());
                ps.setString(2, h.agentId());
                ps.setInt(3, h.thresholdSeconds());
                setTime(ps, 4, h.at());
                ps.executeUpdate();
            }
            return null;
        });
    }

    public Future<Void> recordScriptShown(ScriptShown s) {
        return transaction("script_shown", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO scripts_shown (call_id, agent_id, script_id,"
                    + " step_id, language, at) VALUES (?, ?, ?, ?, ?, ?)")) {
                setOpt(ps, 1, CallHistoryStore.callIdOf(c, s.callId()));
                ps.setString(2, s.agentId());
                ps.setString(3, s.scriptId());
                setOpt(ps, 4, s.stepId());
                ps.setString(5, s.language());
                setTime(ps, 6, s.at());
                ps.executeUpdate();
            }
            return null;
        });
    }

    // ---- audit ---------------------------------------------------------------------------------------

    public Future<Void> recordAudit(AuditEntry a) {
        return transaction("audit", c -> {
            insertAudit(c, a);
            return null;
        });
    }

    /** Writes an audit entry in the caller's transaction (records audited with their change, all or nothing). */
    static void insertAudit(Connection c, AuditEntry a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (actor, action, target, call_id,"
                + " detail, at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, a.actor());
            ps.setString(2, a.action());
            setOpt(ps, 3, a.target());
            setOpt(ps, 4, a.callId());
            setOpt(ps, 5, a.detail());
            setTime(ps, 6, a.at());
            ps.executeUpdate();
        }
    }

    /** The latest audit entries, newest first. */
    public Future<List<AuditEntry>> auditLog(int limit) {
        return read(c -> {
            List<AuditEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT actor, action, target, call_id, detail, at"
                    + " FROM audit_log ORDER BY id DESC LIMIT ?")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AuditEntry(rs.getString(1), rs.getString(2), opt(rs, 3), opt(rs, 4), opt(rs, 5),
                                time(rs, 6).orElseThrow()));
                    }
                }
            }
            return out;
        });
    }

    /** An agent's state changes, oldest first. */
    public Future<List<AgentStateChange>> stateHistory(String agentId) {
        return read(c -> {
            List<AgentStateChange> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT from_state, from_reason, to_state, reason, event,"
                    + " cause, actor, call_id, at FROM agent_state_history WHERE agent_id = ? ORDER BY id")) {
                ps.setString(1, agentId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AgentStateChange(agentId, AgentState.valueOf(rs.getString(1)), opt(rs, 2),
                                AgentState.valueOf(rs.getString(3)), opt(rs, 4),
                                AgentEventType.valueOf(rs.getString(5)),
                                new Cause(Cause.Kind.valueOf(rs.getString(6)), opt(rs, 7)), opt(rs, 8),
                                time(rs, 9).orElseThrow()));
                    }
                }
            }
            return out;
        });
    }

    /** Wrap-ups recorded for a call, oldest first, as (code, notes) pairs. */
    public Future<List<WrapUpRecord>> wrapUps(String callId) {
        return read(c -> {
            List<WrapUpRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT agent_id, queue_id, code, notes, cause, actor, at"
                    + " FROM wrap_ups WHERE call_id = ? ORDER BY id")) {
                ps.setString(1, callId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new WrapUpRecord(rs.getString(1), callId, opt(rs, 2), rs.getString(3), opt(rs, 4),
                                new Cause(Cause.Kind.valueOf(rs.getString(5)), opt(rs, 6)),
                                time(rs, 7).orElseThrow()));
                    }
                }
            }
            return out;
        });
    }

    /** Number of rows of one of the store's tables (health and tests). */
    public Future<Long> count(String table) {
        if (!List.of("calls", "call_legs", "agent_state_history", "wrap_ups", "holds", "hold_threshold_crossings",
                "scripts_shown", "customers", "audit_log", "call_aliases", "qa_form_versions", "qa_evaluations",
                "qa_evaluation_items", "qa_deductions", "qa_disputes", "qa_work_items", "qa_sampling_runs", "sessions")
                .contains(table)) {
            return Future.failedFuture(new IllegalArgumentException("no table " + table));
        }
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * Completes once every write asked for before this call is committed (fails if the database is away). The CTI
     * link acknowledges the gateway's events only after it, so an event is never forgotten by the gateway before
     * what it made the server write is durable (docs/CTI-LINK.md, "Link outages"). With one ordered writer thread a
     * read queued behind the writes is enough; a store that commits in parallel must keep this meaning.
     */
    public Future<Void> barrier() {
        return ping();
    }

    /** A cheap round trip to the database, for the health endpoint. */
    public Future<Void> ping() {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1"); ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
            return null;
        });
    }

    // ---- customers -----------------------------------------------------------------------------------

    public Future<Void> upsertCustomer(Customer customer) {
        return transaction("customer", c -> {
            CustomerImporter.upsert(c, customer, clock.instant());
            return null;
        });
    }

    public Future<Optional<Customer>> customer(String number) {
        return read(c -> CustomerImporter.find(c, number));
    }

    /**
     * Imports customers from CSV (header {@code number,surname,title,notes}). Good rows are kept, each
     * either fully written or not at all; bad rows are reported with their line numbers and counted.
     */
    public Future<CustomerImportReport> importCustomers(Reader csv) {
        return transaction("customer_import", c -> {
            CustomerImportReport report = new CustomerImporter(c, clock.instant()).importCsv(csv);
            ServerMeters.CUSTOMER_IMPORT_BAD_ROWS.counter(meters).increment(report.rejected());
            return report;
        });
    }

    /** Finishes queued work, then closes the connection and the worker. Blocking. */
    @Override
    public void close() {
        try {
            worker.executeBlocking(() -> {
                connection.close();
                return null;
            }, true).toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("store: close failed: {}", e.toString());
        } finally {
            worker.close();
        }
    }

    // ---- JDBC helpers --------------------------------------------------------------------------------

    static void setOpt(PreparedStatement ps, int i, Optional<String> v) throws SQLException {
        if (v.isPresent()) {
            ps.setString(i, v.get());
        } else {
            ps.setNull(i, Types.VARCHAR);
        }
    }

    static void setTime(PreparedStatement ps, int i, Instant at) throws SQLException {
        ps.setObject(i, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    static void setOptTime(PreparedStatement ps, int i, Optional<Instant> at) throws SQLException {
        if (at.isPresent()) {
            setTime(ps, i, at.get());
        } else {
            ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    static Optional<String> opt(ResultSet rs, int i) throws SQLException {
        return Optional.ofNullable(rs.getString(i));
    }

    static Optional<Instant> time(ResultSet rs, int i) throws SQLException {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }

    static java.time.Duration ms(ResultSet rs, int i) throws SQLException {
        return java.time.Duration.ofMillis(rs.getLong(i));
    }
}
