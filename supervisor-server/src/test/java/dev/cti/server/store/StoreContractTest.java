package dev.cti.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.StorageConfig;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.AgentStateChange;
import dev.cti.server.agent.Cause;
import dev.cti.server.agent.WrapUpRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The storage contract, run unchanged against every backend: subclasses only say where the database is
 * ({@link H2StoreTest}, {@link PostgresStoreTest}).
 */
abstract class StoreContractTest {
    static final Instant T = Instant.parse("2026-03-01T08:15:30.123Z");

    Vertx vertx;
    SimpleMeterRegistry meters;
    Store store;

    /** A fresh, empty database for one test. */
    abstract StorageConfig storage() throws Exception;

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        meters = new SimpleMeterRegistry();
        store = Store.open(storage(), vertx, meters, Clock.fixed(T, ZoneOffset.UTC));
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
        await(vertx.close());
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void state_changes_keep_every_field() throws Exception {
        AgentStateChange a = new AgentStateChange("a1", AgentState.LOGGED_OUT, Optional.empty(), AgentState.NOT_READY,
                Optional.of("system.login"), AgentEventType.LOGIN, Cause.agent("alice"), Optional.empty(), T);
        AgentStateChange b = new AgentStateChange("a1", AgentState.READY, Optional.empty(), AgentState.NOT_READY,
                Optional.of("lunch"), AgentEventType.FORCE_STATE, Cause.supervisor("sam"), Optional.of("c1"),
                T.plusSeconds(5));
        AgentStateChange other = new AgentStateChange("a2", AgentState.RESERVED, Optional.empty(),
                AgentState.NOT_READY, Optional.of("system.rona"), AgentEventType.RING_NO_ANSWER, Cause.timer(),
                Optional.of("c2"), T);
        await(store.recordStateChange(a));
        await(store.recordStateChange(b));
        await(store.recordStateChange(other));

        assertThat(await(store.stateHistory("a1"))).containsExactly(a, b);
        assertThat(await(store.stateHistory("a2"))).containsExactly(other);
        assertThat(meters.counter("cti.store.writes", "kind", "agent_state").count()).isEqualTo(3);
    }

    @Test
    void calls_are_upserted_and_read_back() throws Exception {
        CallRecord ringing = new CallRecord("call-1", CallRecord.Direction.INBOUND, Optional.of("sales"),
                Optional.of("13812345678"), Optional.of("4001"), Optional.empty(), CallRecord.Outcome.IN_PROGRESS,
                Duration.ofSeconds(12), Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Optional.empty(),
                Optional.empty(), T, Optional.empty(), Optional.empty());
        await(store.recordCall(ringing));
        CallRecord done = new CallRecord("call-1", CallRecord.Direction.INBOUND, Optional.of("sales"),
                Optional.of("13812345678"), Optional.of("4001"), Optional.of("a1"), CallRecord.Outcome.ANSWERED,
                Duration.ofSeconds(12), Duration.ofMillis(4500), Duration.ofSeconds(180), Duration.ofSeconds(30),
                Duration.ofSeconds(20), Optional.empty(), Optional.empty(), T, Optional.of(T.plusSeconds(17)),
                Optional.of(T.plusSeconds(197)));
        await(store.recordCall(done));

        assertThat(await(store.call("call-1"))).contains(done);
        assertThat(await(store.call("nope"))).isEmpty();
        assertThat(await(store.count("calls"))).isEqualTo(1);
        assertThat(done.toString()).doesNotContain("13812345678");
    }

    @Test
    void wrap_up_is_recorded_and_copied_onto_the_cdr() throws Exception {
        await(store.recordCall(new CallRecord("call-2", CallRecord.Direction.INBOUND, Optional.of("support"),
                Optional.empty(), Optional.empty(), Optional.of("a2"), CallRecord.Outcome.ANSWERED, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Optional.empty(), Optional.empty(), T,
                Optional.empty(), Optional.empty())));
        WrapUpRecord w = new WrapUpRecord("a2", "call-2", Optional.of("support"), "callback",
                Optional.of("客户要求明天回电"), Cause.agent("bob"), T);
        await(store.recordWrapUp(w));

        assertThat(await(store.wrapUps("call-2"))).containsExactly(w);
        CallRecord cdr = await(store.call("call-2")).orElseThrow();
        assertThat(cdr.wrapUpCode()).contains("callback");
        assertThat(cdr.notes()).contains("客户要求明天回电");
    }

    @Test
    void holds_legs_thresholds_scripts_are_stored() throws Exception {
        await(store.recordHold("call-3", "a1", true, T));
        await(store.recordHold("call-3", "a1", false, T.plusSeconds(70)));
        await(store.recordHoldThresholdCrossing(new HoldThresholdCrossing("call-3", "a1", 60, T.plusSeconds(60))));
        await(store.recordCallLeg(new CallLegRecord("call-3", "leg-a", CallLegRecord.Kind.CUSTOMER,
                Optional.of("13812345678"), T, Optional.empty(), Optional.empty(), Optional.empty())));
        await(store.recordCallLeg(new CallLegRecord("call-3", "leg-a", CallLegRecord.Kind.CUSTOMER,
                Optional.of("13812345678"), T, Optional.of(T.plusSeconds(2)), Optional.of(T.plusSeconds(90)),
                Optional.of("BYE"))));
        await(store.recordScriptShown(new ScriptShown(Optional.of("call-3"), "a1", "inbound", Optional.of("opening"),
                "zh-CN", T)));

        assertThat(await(store.count("holds"))).isEqualTo(1);
        assertThat(await(store.count("hold_threshold_crossings"))).isEqualTo(1);
        assertThat(await(store.count("call_legs"))).isEqualTo(1);
        assertThat(await(store.count("scripts_shown"))).isEqualTo(1);
        Long open = await(store.read(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM holds WHERE ended_at IS NULL");
                 var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }));
        assertThat(open).isZero();
    }

    @Test
    void audit_log_is_newest_first() throws Exception {
        AuditEntry first = new AuditEntry("sam", "force-state", Optional.of("a1"), Optional.empty(),
                Optional.of("NOT_READY(lunch)"), T);
        AuditEntry second = new AuditEntry("root", "force-logout", Optional.of("a3"), Optional.empty(),
                Optional.empty(), T.plusSeconds(1));
        await(store.recordAudit(first));
        await(store.recordAudit(second));
        assertThat(await(store.auditLog(10))).containsExactly(second, first);
        assertThat(await(store.auditLog(1))).containsExactly(second);
    }

    @Test
    void customer_import_keeps_good_rows_and_reports_bad_ones_by_line() throws Exception {
        String csv = "number,surname,title,notes\n"
                + "13800000001,王,先生,VIP\n"                // 2 ok
                + "12ab,李,女士,\n"                            // 3 bad number
                + "13800000002,,女士,\n"                       // 4 no surname
                + "\"13800000003\",\"Smith, Jr\",Mr,\"line one\nline two\"\n" // 5-6 ok, quoted
                + "13800000004,赵\n"                            // 7 too few fields
                + "13800000005,钱,女士,a,b\n"                   // 8 too many
                + "13800000001,王,女士,updated\n";              // 9 ok: updates line 2
        CustomerImportReport r = await(store.importCustomers(new StringReader(csv)));

        assertThat(r.imported()).isEqualTo(3);
        assertThat(r.rejected()).isEqualTo(4);
        assertThat(r.errors()).extracting(CustomerImportReport.RowError::line).containsExactly(3, 4, 7, 8);
        assertThat(r.errors().toString()).doesNotContain("12ab");
        assertThat(await(store.count("customers"))).isEqualTo(2);
        assertThat(await(store.customer("13800000001")))
                .contains(new Customer("13800000001", "王", Optional.of("女士"), Optional.of("updated")));
        assertThat(await(store.customer("13800000003")))
                .contains(new Customer("13800000003", "Smith, Jr", Optional.of("Mr"), Optional.of("line one\nline two")));
        assertThat(meters.counter("cti.customers.import.bad.rows").count()).isEqualTo(4);
    }

    @Test
    void customer_import_refuses_a_wrong_header() throws Exception {
        CustomerImportReport r = await(store.importCustomers(new StringReader("phone,name\n138,王\n")));
        assertThat(r.imported()).isZero();
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.message()).contains("number,surname,title,notes");
        });
        assertThat(await(store.count("customers"))).isZero();
    }

    @Test
    void work_runs_on_the_store_thread_never_the_event_loop() throws Exception {
        String thread = await(vertx.getOrCreateContext().<Future<String>>executeBlocking(
                () -> store.read(c -> Thread.currentThread().getName())).compose(f -> f));
        assertThat(thread).startsWith("cti-store");
    }

    @Test
    void a_failed_write_fails_its_future_and_leaves_no_partial_record() throws Exception {
        Future<Void> bad = store.transaction("test", c -> {
            try (var ps = c.prepareStatement("INSERT INTO audit_log (actor, action, at) VALUES ('x', 'y', ?)")) {
                Store.setTime(ps, 1, T);
                ps.executeUpdate();
            }
            try (var ps = c.prepareStatement("INSERT INTO audit_log (actor) VALUES (NULL)")) {
                ps.executeUpdate(); // violates NOT NULL
            }
            return null;
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> await(bad)).hasCauseInstanceOf(StoreException.class).hasMessageContaining("SQL state 23");
        assertThat(await(store.count("audit_log"))).isZero();
        assertThat(meters.counter("cti.store.write.failures", "kind", "test").count()).isEqualTo(1);
        await(store.recordAudit(new AuditEntry("sam", "ok", Optional.empty(), Optional.empty(), Optional.empty(), T)));
        assertThat(await(store.count("audit_log"))).isEqualTo(1);
    }

    @Test
    void reopening_applies_no_migration_twice_and_keeps_data() throws Exception {
        await(store.recordAudit(new AuditEntry("sam", "x", Optional.empty(), Optional.empty(), Optional.empty(), T)));
        store.close();
        store = Store.open(reopenStorage(), vertx, meters, Clock.systemUTC());
        assertThat(await(store.auditLog(5))).hasSize(1);
        assertThat(await(store.count("audit_log"))).isEqualTo(1);
    }

    @Test
    void sessions_are_stored_revoked_and_purged() throws Exception {
        SessionStore sessions = new SessionStore(store);
        String a = "a".repeat(64);
        String b = "b".repeat(64);
        String c = "c".repeat(64);
        await(sessions.insert(new SessionRow(a, "alice", T, T.plus(Duration.ofHours(12)), false,
                Optional.of("192.0.2.1"))));
        await(sessions.insert(new SessionRow(b, "bob", T, T.plus(Duration.ofHours(12)), false, Optional.empty())));
        await(sessions.insert(new SessionRow(c, "sam", T, T.plus(Duration.ofHours(1)), false, Optional.empty())));
        assertThat(await(sessions.revoke(b, T.plusSeconds(60)))).isTrue();
        assertThat(await(sessions.revoke(b, T.plusSeconds(61)))).as("twice: nothing more").isFalse();
        assertThat(await(sessions.live(T.plus(Duration.ofHours(2))))).singleElement().isEqualTo(
                new SessionRow(a, "alice", T, T.plus(Duration.ofHours(12)), false, Optional.of("192.0.2.1")));
        assertThat(await(sessions.purge(T.plus(Duration.ofHours(2))))).as("the revoked and the expired one").isEqualTo(2);
        assertThat(await(store.count("sessions"))).isEqualTo(1);
    }

    /** The same database again. */
    abstract StorageConfig reopenStorage();

    static List<String> tables() {
        return List.of("calls", "call_legs", "agent_state_history", "wrap_ups", "holds", "hold_threshold_crossings",
                "scripts_shown", "customers", "audit_log", "sessions");
    }
}
