package dev.cti.server.store;

import static dev.cti.server.store.StoreContractTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.StorageConfig;
import dev.cti.server.events.ServerEvents;
import dev.cti.server.http.PushJson;
import dev.cti.server.testing.FaultyConnections;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records nobody waits on ({@link StoreAlerts}): retried while the queue is full, alerted when lost for good. */
class StoreAlertsTest {
    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FaultyConnections faults = new FaultyConnections();
    private Store store;

    @AfterEach
    void close() throws Exception {
        faults.releaseCommits();
        store.close();
        await(vertx.close());
    }

    private static AuditEntry audit(String action) {
        return new AuditEntry("system", action, Optional.empty(), Optional.of("c1"), Optional.empty(), Instant.now());
    }

    @Test
    void a_write_refused_by_a_full_queue_is_tried_again_and_stored() throws Exception {
        store = Store.open(new StorageConfig(dir.toString(), Optional.empty(), Optional.empty(), Optional.empty())
                .withWriteQueue(1, 256), vertx, meters, Clock.systemUTC(), faults);
        faults.holdCommits();
        store.recordAudit(audit("first"));
        await().atMost(Duration.ofSeconds(10)).until(() -> faults.commitsWaiting() == 1);
        store.recordAudit(audit("queued"));

        Future<Void> w = store.alerts().durably("audit", "c1", () -> store.recordAudit(audit("retried")));
        await().atMost(Duration.ofSeconds(10)).until(() -> meters.counter("cti.store.busy", "kind", "audit").count() >= 1);
        assertThat(w.isComplete()).isFalse();
        faults.releaseCommits();

        await(w);
        assertThat(await(store.count("audit_log"))).isEqualTo(3);
        assertThat(store.alerts().lost()).isZero();
        assertThat(store.alerts().json()).isEmpty();
    }

    @Test
    void a_write_that_fails_for_good_is_counted_logged_and_pushed() throws Exception {
        store = Store.open(new StorageConfig(dir.toString(), Optional.empty(), Optional.empty(), Optional.empty()),
                vertx, meters, Clock.systemUTC(), faults);
        List<JsonObject> pushed = new CopyOnWriteArrayList<>();
        ServerEvents events = new ServerEvents();
        store.alerts().publishTo(events);
        events.calls().subscribe(vertx.getOrCreateContext(), e -> pushed.add(PushJson.call(e)));
        faults.failStatements(sql -> sql.startsWith("INSERT INTO audit_log"));

        Future<Void> w = store.alerts().durably("audit", "c1", () -> store.recordAudit(audit("lost")));

        await().atMost(Duration.ofSeconds(10)).until(w::isComplete);
        assertThat(w.failed()).isTrue();
        assertThat(meters.counter("cti.store.writes.lost", "kind", "audit").count()).isEqualTo(1);
        assertThat(store.alerts().lost()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> !pushed.isEmpty());
        assertThat(pushed.get(0).getString("type")).isEqualTo("store-alert");
        assertThat(pushed.get(0).getString("audience")).isEqualTo("supervisors");
        assertThat(pushed.get(0).getJsonObject("store").getString("subject")).isEqualTo("c1");
        assertThat(store.alerts().json()).hasValueSatisfying(j -> assertThat(j.getLong("lost")).isEqualTo(1));
    }
}
