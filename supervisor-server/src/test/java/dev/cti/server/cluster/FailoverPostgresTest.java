package dev.cti.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cti.config.CtiConfig;
import dev.cti.config.StorageConfig;
import dev.cti.server.ServerMain;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.AgentStateChange;
import dev.cti.server.agent.Cause;
import dev.cti.server.testing.PostgresCluster;
import dev.cti.server.testing.PostgresExtension;
import dev.cti.server.testing.TestConfigs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two server nodes with storage.failover on one real PostgreSQL: one owns, the other stands by; when the owner's
 * database session ends as a killed process's would, the standby takes over with the next epoch, and the former
 * owner, had it only been paused, can no longer commit anything.
 */
@ExtendWith(PostgresExtension.class)
class FailoverPostgresTest {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverPostgresTest.class);
    private static final int CHECK_MILLIS = 200;

    @TempDir
    Path dir;

    private static AgentStateChange change(String callId) {
        return new AgentStateChange("a1", AgentState.READY, Optional.empty(), AgentState.RESERVED, Optional.empty(),
                AgentEventType.CALL_OFFERED, Cause.sip(), Optional.of(callId), Instant.now());
    }

    private static <T> T done(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private CtiConfig node(String id, String url) {
        String data = dir.resolve(id).toString();
        return TestConfigs.sample(data).withStorage(new StorageConfig(data, Optional.of(url),
                Optional.of(PostgresCluster.USER), Optional.empty())
                .withFailover(new StorageConfig.Failover(true, id, CHECK_MILLIS)));
    }

    @Test
    void the_standby_takes_over_when_the_owners_session_ends_and_the_former_owner_is_fenced(PostgresCluster pg)
            throws Exception {
        String url = pg.createDatabase();
        AtomicInteger lostA = new AtomicInteger();
        AtomicInteger lostB = new AtomicInteger();
        try (FailoverNode a = FailoverNode.start(node("node-a", url), Clock.systemUTC(), lostA::incrementAndGet)) {
            ServerMain.Running ra = a.running().get(90, TimeUnit.SECONDS);
            assertThat(a.lock().epoch()).isEqualTo(1);
            try (FailoverNode b = FailoverNode.start(node("node-b", url), Clock.systemUTC(),
                    lostB::incrementAndGet)) {
                // five of the standby's tries: it must not get the lock while A's session lives
                Thread.sleep(5L * CHECK_MILLIS);
                assertThat(b.standingBy()).isTrue();
                assertThat(b.running()).isNotDone();
                done(ra.store().recordStateChange(change("by-a")));

                long killedAt = System.nanoTime();
                a.lock().abortSession(); // what PostgreSQL sees when A's process is killed
                ServerMain.Running rb = b.running().get(90, TimeUnit.SECONDS);
                long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                LOG.info("failover: node-b took over {} ms after node-a's session ended", takeoverMillis);
                assertThat(b.lock().epoch()).isEqualTo(2);
                assertThat(takeoverMillis).isLessThan(30_000);

                // A, had it been paused rather than killed, learns it lost the lock and cannot commit any more
                await().atMost(Duration.ofSeconds(10)).until(() -> lostA.get() >= 1);
                assertThat(a.lock().isLost()).isTrue();
                assertThatThrownBy(() -> done(ra.store().recordStateChange(change("by-a-after-takeover"))))
                        .hasMessageContaining("failed");

                done(rb.store().recordStateChange(change("by-b")));
                assertThat(done(rb.store().stateHistory("a1"))).extracting(c -> c.callId().orElseThrow())
                        .containsExactly("by-a", "by-b");
                assertThat(lostB.get()).isZero();
                assertThat(b.lock().isLost()).isFalse();
            }
        }
    }

    @Test
    void failover_on_the_embedded_database_is_refused_by_the_configuration_check() {
        assertThatThrownBy(() -> new OwnerLock(TestConfigs.sample(dir.toString()).storage()
                .withFailover(new StorageConfig.Failover(true, "n", CHECK_MILLIS))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("postgresUrl");
    }
}
