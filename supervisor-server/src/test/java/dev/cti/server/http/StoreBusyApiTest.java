package dev.cti.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.CtiConfig;
import dev.cti.server.store.AuditEntry;
import dev.cti.server.testing.FaultyConnections;
import dev.cti.server.testing.TestConfigs;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API when the store cannot keep up (docs/API.md, "Errors"): a write refused by the full queue is answered 503
 * {@code store_busy} with Retry-After at once, and a request that is not answered in time (a COMMIT that hangs)
 * gets 503 {@code timeout} after {@code network.server.requestTimeoutSeconds}, counted.
 */
class StoreBusyApiTest {
    @TempDir
    Path dir;

    private CtiConfig config(int queue, int timeoutSeconds) {
        CtiConfig base = TestConfigs.sample(dir.resolve("data").toString());
        return ApiRig.with(base.withStorage(base.storage().withWriteQueue(queue, 256)),
                s -> s.withRequestTimeoutSeconds(timeoutSeconds));
    }

    private static AuditEntry audit(int i) {
        return new AuditEntry("test", "filler-" + i, Optional.empty(), Optional.empty(), Optional.empty(),
                Instant.now());
    }

    @Test
    void a_full_write_queue_answers_503_store_busy_with_retry_after() throws Exception {
        FaultyConnections faults = new FaultyConnections();
        try (ApiRig rig = ApiRig.start(config(2, 30), Clock.systemUTC(), faults)) {
            String alice = rig.token("alice", TestConfigs.PASSWORD);
            faults.holdCommits();
            rig.store.recordAudit(audit(0));
            await().atMost(Duration.ofSeconds(10)).until(() -> faults.commitsWaiting() == 1);
            rig.store.recordAudit(audit(1));
            rig.store.recordAudit(audit(2));

            HttpResponse<Buffer> r = rig.post("/api/agents/a1/state", alice, new JsonObject().put("state", "LOGGED_IN"));

            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("store_busy");
            assertThat(r.getHeader("Retry-After")).isEqualTo("1");
            assertThat(rig.agents.snapshot("a1").orElseThrow().state().name()).isEqualTo("LOGGED_OUT");
            faults.releaseCommits();
            // the queued writes drain on the writer's thread; until they do, the queue is still full
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> rig.meters.get("cti.store.write.queue.depth").gauge().value() == 0);
            HttpResponse<Buffer> again = rig.post("/api/agents/a1/state", alice,
                    new JsonObject().put("state", "LOGGED_IN"));
            assertThat(again.statusCode()).isEqualTo(200);
        } finally {
            faults.releaseCommits();
        }
    }

    @Test
    void a_request_not_answered_in_time_gets_503_timeout() throws Exception {
        FaultyConnections faults = new FaultyConnections();
        try (ApiRig rig = ApiRig.start(config(100, 1), Clock.systemUTC(), faults)) {
            String alice = rig.token("alice", TestConfigs.PASSWORD);
            faults.holdCommits();

            HttpResponse<Buffer> r = rig.post("/api/agents/a1/state", alice, new JsonObject().put("state", "LOGGED_IN"));

            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("timeout");
            assertThat(rig.meters.counter("cti.http.timeouts").count()).isEqualTo(1);
            faults.releaseCommits();
            // the late answer finds the response ended and is dropped; the server keeps serving
            assertThat(rig.get("/api/me", alice).statusCode()).isEqualTo(200);
        } finally {
            faults.releaseCommits();
        }
    }
}
