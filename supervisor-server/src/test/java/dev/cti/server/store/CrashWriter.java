package dev.cti.server.store;

import dev.cti.config.StorageConfig;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.AgentStateChange;
import dev.cti.server.agent.Cause;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * The child process of {@link StoreCrashTest}: writes agent state changes and CDRs as fast as the store
 * takes them (up to 64 in flight, so the writer commits them in batches) and prints {@code ACK state <id>} /
 * {@code ACK call <id>} once a write's future has completed, and every 100 writes {@code STATS <commits> <writes>}
 * (the store's counters), until it is killed. Args: {@code h2 <dataDir>} or {@code pg <jdbcUrl> <user>}.
 */
public final class CrashWriter {
    private CrashWriter() {}

    public static void main(String[] args) throws Exception {
        StorageConfig storage = args[0].equals("h2")
                ? new StorageConfig(args[1], Optional.empty(), Optional.empty(), Optional.empty())
                : new StorageConfig("target/pg-test-data", Optional.of(args[1]), Optional.of(args[2]), Optional.empty());
        Vertx vertx = Vertx.vertx();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Store store = Store.open(storage, vertx, meters, Clock.systemUTC());
        System.out.println("READY");
        System.out.flush();
        Semaphore inFlight = new Semaphore(64);
        for (long i = 0; ; i++) {
            if (i % 50 == 0) {
                double writes = meters.find("cti.store.writes").counters().stream().mapToDouble(c -> c.count()).sum();
                synchronized (System.out) {
                    System.out.println("STATS " + (long) meters.counter("cti.store.commits").count() + " "
                            + (long) writes);
                    System.out.flush();
                }
            }
            String id = "c" + i;
            inFlight.acquire(2);
            Instant now = Instant.now();
            store.recordStateChange(new AgentStateChange("crash-agent", AgentState.READY, Optional.empty(),
                    AgentState.RESERVED, Optional.empty(), AgentEventType.CALL_OFFERED, Cause.sip(), Optional.of(id),
                    now)).onComplete(ar -> ack(ar.succeeded(), "state", id, inFlight));
            store.recordCall(new CallRecord(id, CallRecord.Direction.INBOUND, Optional.of("sales"),
                    Optional.of("1380000" + (1000 + i % 9000)), Optional.of("4001"), Optional.of("crash-agent"),
                    CallRecord.Outcome.ANSWERED, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(60),
                    Duration.ZERO, Duration.ofSeconds(10), Optional.of("resolved"), Optional.empty(), now,
                    Optional.of(now), Optional.of(now))).onComplete(ar -> ack(ar.succeeded(), "call", id, inFlight));
        }
    }

    private static void ack(boolean ok, String kind, String id, Semaphore inFlight) {
        if (ok) {
            synchronized (System.out) {
                System.out.println("ACK " + kind + " " + id);
                System.out.flush();
            }
        }
        inFlight.release();
    }
}
