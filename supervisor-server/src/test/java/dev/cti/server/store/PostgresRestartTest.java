package dev.cti.server.store;

import static dev.cti.server.store.StoreContractTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.StorageConfig;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.AgentStateChange;
import dev.cti.server.agent.Cause;
import dev.cti.server.testing.PostgresCluster;
import dev.cti.server.testing.PostgresExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The store across a PostgreSQL restart (a real one: {@code pg_ctl stop -m fast}, then start): writes asked for while
 * it is down wait in the queue and are retried, committed once it is back, and the pool replaces the connections the
 * restart broke, so later writes and reads work without a server restart.
 */
class PostgresRestartTest {

    private static AgentStateChange change(String callId) {
        return new AgentStateChange("a1", AgentState.READY, Optional.empty(), AgentState.RESERVED, Optional.empty(),
                AgentEventType.CALL_OFFERED, Cause.sip(), Optional.of(callId), Instant.now());
    }

    @Test
    void writes_made_while_postgresql_restarts_are_committed_when_it_is_back() throws Exception {
        Vertx vertx = Vertx.vertx();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (PostgresCluster cluster = PostgresExtension.ownCluster()) {
            StorageConfig storage = new StorageConfig("target/pg-test-data", Optional.of(cluster.createDatabase()),
                    Optional.of(PostgresCluster.USER), Optional.empty()).withRetry(60, 1);
            try (Store store = Store.open(storage, vertx, meters, Clock.systemUTC())) {
                await(store.recordStateChange(change("before")));
                assertThat(await(store.stateHistory("a1"))).hasSize(1); // the read pool's connections exist too

                cluster.stopServer();
                List<Future<Void>> during = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    during.add(store.recordStateChange(change("during-" + i)));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> meters.counter("cti.store.retries").count() >= 1);
                assertThat(during).noneMatch(Future::isComplete);
                assertThat(meters.get("cti.store.database.up").gauge().value()).isZero();

                cluster.startServer();
                await(Future.all(during));
                await(store.recordStateChange(change("after")));

                assertThat(await(store.stateHistory("a1"))).extracting(c -> c.callId().orElseThrow())
                        .containsExactly("before", "during-0", "during-1", "during-2", "during-3", "during-4",
                                "after");
                assertThat(meters.get("cti.store.database.up").gauge().value()).isEqualTo(1);
                assertThat(meters.counter("cti.store.write.failures", "kind", "agent_state").count()).isZero();
            }
        } finally {
            await(vertx.close());
        }
    }
}
