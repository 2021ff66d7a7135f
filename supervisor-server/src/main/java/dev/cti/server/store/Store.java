package dev.cti.server.store;

import dev.cti.config.StorageConfig;
import dev.cti.server.agent.AgentJournal;
import dev.cti.server.agent.AgentRecords;
import dev.cti.server.agent.AgentStateChange;
import dev.cti.server.agent.WrapUpRecord;
import dev.cti.server.metrics.ServerMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's durable records, behind an asynchronous API.
 *
 * <p>Writes go to one writer thread ({@link StoreWriter}) that commits them in batches (group commit) through a
 * bounded queue; a write's future completes only after its batch is committed, so whatever a caller acknowledges is
 * durable. Writes are applied in the order they were asked for; a full queue refuses a write at once
 * ({@link StoreBusyException}); a database that is briefly away is retried. Reads run on their own threads
 * ({@link StoreReader}) after the writes submitted before them. Both borrow connections from a HikariCP pool,
 * never on an event loop; see docs/STORAGE.md.
 */
public final class Store implements AgentJournal, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);

    /** A unit of work on a connection; its transaction is committed by the store after it returns. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    private final Database database;
    private final HikariDataSource pool;
    private final StoreWriter writer;
    private final StoreReader reader;
    private final MeterRegistry meters;
    private final Clock clock;
    private final dev.cti.privacy.NumberDigest numbers;
    private final StoreAlerts alerts;

    private Store(Database database, HikariDataSource pool, DataSource connections, StorageConfig storage,
                  Vertx vertx, MeterRegistry meters, Clock clock, dev.cti.privacy.NumberDigest numbers) {
        this.numbers = numbers;
        this.database = database;
        this.pool = pool;
        this.writer = new StoreWriter(connections, meters, storage.writeQueueCapacity(), storage.maxWritesPerCommit(),
                java.time.Duration.ofSeconds(storage.retrySeconds()));
        this.reader = new StoreReader(connections, writer, Math.max(1, storage.poolSize() - 1));
        this.meters = meters;
        this.clock = clock;
        this.alerts = new StoreAlerts(vertx, meters, clock, java.time.Duration.ofSeconds(storage.retrySeconds()));
    }

    /**
     * Opens (creating and migrating as needed) the configured database. Blocking: call it at start-up
     * or from a worker, never from an event loop.
     */
    public static Store open(StorageConfig storage, Vertx vertx, MeterRegistry meters, Clock clock) {
        return open(storage, vertx, meters, clock, UnaryOperator.identity());
    }

    /**
     * As {@link #open(StorageConfig, Vertx, MeterRegistry, Clock)}, with the pool's connections passed through
     * {@code connections} (tests put a fault injector there; production passes the identity).
     */
    public static Store open(StorageConfig storage, Vertx vertx, MeterRegistry meters, Clock clock,
                             UnaryOperator<DataSource> connections) {
        Database db = Database.of(storage);
        HikariDataSource pool = null;
        try {
            db.prepare(storage);
            pool = db.pool(storage, meters);
            int ran = db.migrate(pool);
            dev.cti.privacy.NumberDigest numbers = dev.cti.privacy.NumberDigest.fromKeyFile(
                    java.nio.file.Path.of(storage.dataDir(), NUMBER_KEY_FILE), new java.security.SecureRandom());
            LOG.info("store open at {} ({} migration(s) applied; pool of {}, write queue {}, up to {} writes per "
                    + "commit)", db.describe(), ran, storage.poolSize(), storage.writeQueueCapacity(),
                    storage.maxWritesPerCommit());
            return new Store(db, pool, connections.apply(pool), storage, vertx, meters, clock, numbers);
        } catch (IOException | RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
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

    /** Writes nobody waits on go through here: retried while the queue is full, alerted when lost. */
    public StoreAlerts alerts() {
        return alerts;
    }

    /** The meters the store reports to (its classes and the alerts of lost records share them). */
    MeterRegistry meters() {
        return meters;
    }

    /**
     * Runs {@code work} in the writer's next batch; the future completes after that batch's COMMIT, or fails at
     * once with {@link StoreBusyException} when the write queue is full.
     */
    <T> Future<T> transaction(String kind, Work<T> work) {
        return writer.submit(kind, work);
    }

    /** Runs a read on a read thread, after every write asked for before it. */
    <T> Future<T> read(Work<T> work) {
        return reader.read(work);
    }

    // ---- agent journal -------------------------------------------------------------------------------

    /**
     * One agent event's records (state change, holds, wrap-up) in one transaction, kind {@code agent_state} (or
     * {@code hold} / {@code wrap_up} for an event that changed no state).
     */
    @Override
    public Future<Void> recordTransition(AgentRecords records) {
        String kind = records.change().isPresent() ? "agent_state"
                : !records.wrapUps().isEmpty() ? "wrap_up" : "hold";
        return transaction(kind, c -> {
            for (AgentRecords.Hold h : records.holds()) {
                AgentRecordsSql.insertHold(c, h.callId(), h.agentId(), h.held(), h.at());
            }
            for (WrapUpRecord w : records.wrapUps()) {
                AgentRecordsSql.insertWrapUp(c, w);
            }
            if (records.change().isPresent()) {
                AgentRecordsSql.insertStateChange(c, records.change().get());
            }
            return null;
        });
    }

    public Future<Void> recordStateChange(AgentStateChange ch) {
        return transaction("agent_state", c -> {
            AgentRecordsSql.insertStateChange(c, ch);
            return null;
        });
    }


    public Future<Void> recordWrapUp(WrapUpRecord w) {
        return transaction("wrap_up", c -> {
            AgentRecordsSql.insertWrapUp(c, w);
            return null;
        });
    }


    public Future<Void> recordHold(String callId, String agentId, boolean held, Instant at) {
        return transaction("hold", c -> {
            AgentRecordsSql.insertHold(c, callId, agentId, held, at);
            return null;
        });
    }


    // ---- calls ---------------------------------------------------------------------------------------

    /** Inserts or replaces the CDR with this id. */
    public Future<Void> recordCall(CallRecord r) {
        return transaction("call", c -> {
            CallRecordsSql.upsert(c, r);
            return null;
        });
    }


    public Future<Optional<CallRecord>> call(String id) {
        return read(c -> findCall(c, id));
    }

    /** The CDR with this id, on the store's connection (for the other record classes of this package). */
    static Optional<CallRecord> findCall(Connection c, String id) throws SQLException {
        return CallRecordsSql.find(c, id);
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
        return read(c -> CallRecordsSql.ofAgent(c, agentId, from, to, limit));
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
        return read(c -> AgentRecordsSql.stateHistory(c, agentId));
    }

    /** Wrap-ups recorded for a call, oldest first, as (code, notes) pairs. */
    public Future<List<WrapUpRecord>> wrapUps(String callId) {
        return read(c -> AgentRecordsSql.wrapUps(c, callId));
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

    /**
     * Every write transaction from now on first passes {@code fence} (storage.failover, docs/CLUSTER.md); set once,
     * before the first write.
     */
    public void fence(WriteFence fence) {
        writer.fence(fence);
    }

    /** Commits the queued writes, then stops the writer and the readers and closes the pool. Blocking. */
    @Override
    public void close() {
        try {
            writer.close();
            reader.close();
        } finally {
            pool.close();
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
