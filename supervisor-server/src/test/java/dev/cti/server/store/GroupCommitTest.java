package dev.cti.server.store;

import static dev.cti.server.store.StoreContractTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.StorageConfig;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.AgentStateChange;
import dev.cti.server.agent.Cause;
import dev.cti.server.testing.FaultyConnections;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's writer (docs/STORAGE.md, "Group commit"): writes waiting together are committed in one transaction,
 * none is acknowledged before that COMMIT, a full queue refuses at once, a refused write fails alone, and a database
 * that is away is retried within the configured window.
 */
class GroupCommitTest {
    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FaultyConnections faults = new FaultyConnections();
    private Store store;

    @AfterEach
    void close() throws Exception {
        faults.releaseCommits().away(false);
        if (store != null) {
            store.close();
        }
        await(vertx.close());
    }

    private Store open(StorageConfig storage) {
        store = Store.open(storage, vertx, meters, Clock.systemUTC(), faults);
        return store;
    }

    private StorageConfig h2() {
        return new StorageConfig(dir.resolve("data").toString(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static AgentStateChange change(String callId) {
        return new AgentStateChange("a1", AgentState.READY, Optional.empty(), AgentState.RESERVED, Optional.empty(),
                AgentEventType.CALL_OFFERED, Cause.sip(), Optional.of(callId), Instant.now());
    }

    @Test
    void writes_waiting_together_share_one_commit_and_none_is_acknowledged_before_it() throws Exception {
        open(h2());
        faults.holdCommits();
        Future<Void> first = store.recordStateChange(change("c0"));
        await().atMost(Duration.ofSeconds(10)).until(() -> faults.commitsWaiting() == 1);
        // while the first batch's COMMIT is held, forty more writes queue up behind it
        List<Future<Void>> next = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            next.add(store.recordStateChange(change("c" + i)));
        }
        assertThat(first.isComplete()).as("acknowledged before its COMMIT").isFalse();
        assertThat(next).noneMatch(Future::isComplete);

        faults.releaseCommits();
        await(Future.all(next));

        assertThat(first.succeeded()).isTrue();
        // one commit for c0, one for the forty that waited: not 41
        assertThat(faults.commits()).isEqualTo(2);
        assertThat(await(store.stateHistory("a1"))).hasSize(41);
        assertThat(meters.counter("cti.store.commits").count()).isEqualTo(2);
        assertThat(meters.summary("cti.store.batch.writes").max()).isEqualTo(40);
        assertThat(meters.counter("cti.store.writes", "kind", "agent_state").count()).isEqualTo(41);
    }

    @Test
    void a_full_queue_refuses_at_once_with_store_busy() throws Exception {
        open(h2().withWriteQueue(3, 256));
        faults.holdCommits();
        Future<Void> inCommit = store.recordStateChange(change("c0"));
        await().atMost(Duration.ofSeconds(10)).until(() -> faults.commitsWaiting() == 1);
        List<Future<Void>> queued = List.of(store.recordStateChange(change("c1")),
                store.recordStateChange(change("c2")), store.recordStateChange(change("c3")));

        Future<Void> refused = store.recordStateChange(change("c4"));

        assertThat(refused.failed()).isTrue();
        assertThat(refused.cause()).isInstanceOf(StoreBusyException.class);
        assertThat(StoreBusyException.in(refused.cause())).isTrue();
        assertThat(meters.counter("cti.store.busy", "kind", "agent_state").count()).isEqualTo(1);
        assertThat(meters.get("cti.store.write.queue.depth").gauge().value()).isEqualTo(3);
        faults.releaseCommits();
        await(Future.all(queued));
        assertThat(inCommit.succeeded()).isTrue();
        assertThat(await(store.stateHistory("a1"))).extracting(c -> c.callId().orElseThrow())
                .containsExactly("c0", "c1", "c2", "c3");
    }

    @Test
    void a_refused_write_fails_alone_and_the_rest_of_its_batch_is_stored() throws Exception {
        open(h2());
        faults.holdCommits();
        store.recordStateChange(change("c0"));
        await().atMost(Duration.ofSeconds(10)).until(() -> faults.commitsWaiting() == 1);
        faults.failStatements(sql -> sql.startsWith("INSERT INTO audit_log"));
        Future<Void> before = store.recordStateChange(change("c1"));
        Future<Void> bad = store.recordAudit(new AuditEntry("sam", "force-state", Optional.of("a1"), Optional.empty(),
                Optional.empty(), Instant.now()));
        Future<Void> after = store.recordStateChange(change("c2"));
        faults.releaseCommits();

        await(Future.all(before, after));
        assertThat(bad.failed()).isTrue();
        assertThat(bad.cause()).isInstanceOf(StoreException.class).hasMessageContaining("23514");
        assertThat(((StoreException) bad.cause()).transientFailure()).isFalse();
        assertThat(await(store.stateHistory("a1"))).hasSize(3);
        assertThat(await(store.count("audit_log"))).isZero();
        assertThat(meters.counter("cti.store.write.failures", "kind", "audit").count()).isEqualTo(1);
    }

    @Test
    void writes_are_retried_while_the_database_is_away_then_committed() throws Exception {
        open(h2());
        faults.away(true);
        Future<Void> w = store.recordStateChange(change("c1"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> meters.counter("cti.store.retries").count() >= 2);
        assertThat(w.isComplete()).isFalse();
        assertThat(meters.get("cti.store.database.up").gauge().value()).isZero();

        faults.away(false);
        await(w);

        assertThat(await(store.stateHistory("a1"))).hasSize(1);
        assertThat(meters.get("cti.store.database.up").gauge().value()).isEqualTo(1);
    }

    @Test
    void a_write_fails_as_transient_when_the_database_stays_away_past_the_retry_window() throws Exception {
        open(h2().withRetry(1, 1));
        faults.away(true);
        Future<Void> w = store.recordStateChange(change("c1"));

        ExecutionException e = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                () -> await(w));

        assertThat(e.getCause()).isInstanceOf(StoreException.class);
        assertThat(((StoreException) e.getCause()).transientFailure()).isTrue();
        faults.away(false);
        assertThat(await(store.stateHistory("a1"))).isEmpty();
    }

    @Test
    void a_read_sees_the_writes_asked_for_before_it_even_unawaited() throws Exception {
        open(h2());
        faults.holdCommits();
        store.recordStateChange(change("c1"));
        Future<List<AgentStateChange>> read = store.stateHistory("a1");
        await().atMost(Duration.ofSeconds(10)).until(() -> faults.commitsWaiting() == 1);
        assertThat(read.isComplete()).isFalse();
        faults.releaseCommits();
        assertThat(await(read)).hasSize(1);
    }
}
