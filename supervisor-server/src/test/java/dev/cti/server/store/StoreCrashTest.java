package dev.cti.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.StorageConfig;
import dev.cti.server.agent.AgentStateChange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Design principle 5, tested the hard way: a child JVM writes state changes and CDRs, is killed with
 * SIGKILL in the middle of writing, and every record whose write future had completed (the child printed
 * its ACK) must be in the database when it is opened again. The writes are committed in batches (group commit:
 * the child reports fewer commits than writes, checked here), and a write is acknowledged only after its batch's
 * COMMIT, so batching changes nothing in what "acknowledged" promises.
 */
class StoreCrashTest {
    static final int ACKS_BEFORE_KILL = 400;

    @TempDir
    Path dir;

    @Test
    void acknowledged_records_survive_kill_minus_nine_on_h2() throws Exception {
        String dataDir = dir.resolve("data").toString();
        Set<String>[] acked = runAndKill(List.of("h2", dataDir));
        verify(new StorageConfig(dataDir, Optional.empty(), Optional.empty(), Optional.empty()), acked);
    }

    /** Starts the child, waits for ACKs, kills it mid-run; returns {state ids, call ids} acknowledged. */
    static Set<String>[] runAndKill(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName()));
        cmd.addAll(args);
        Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Set<String> states = ConcurrentHashMap.newKeySet();
        Set<String> calls = ConcurrentHashMap.newKeySet();
        AtomicBoolean ready = new AtomicBoolean();
        long[] stats = new long[2];
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.equals("READY")) {
                        ready.set(true);
                    } else if (line.startsWith("ACK state ")) {
                        states.add(line.substring(10));
                    } else if (line.startsWith("ACK call ")) {
                        calls.add(line.substring(9));
                    } else if (line.startsWith("STATS ")) {
                        String[] f = line.split(" ");
                        synchronized (stats) {
                            stats[0] = Long.parseLong(f[1]);
                            stats[1] = Long.parseLong(f[2]);
                        }
                    }
                }
            } catch (java.io.IOException e) {
                // the pipe closes when the child dies
            }
        }, "crash-child-reader");
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> states.size() + calls.size() >= ACKS_BEFORE_KILL
                    || !child.isAlive());
            assertThat(child.isAlive()).as("child still writing when killed").isTrue();
            child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no close
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isEqualTo(137);
            reader.join(10_000);
        } finally {
            child.destroyForcibly();
        }
        assertThat(ready).isTrue();
        assertThat(states.size() + calls.size()).isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        synchronized (stats) {
            assertThat(stats[1]).as("writes the child reported").isPositive();
            assertThat(stats[0]).as("commits for %d writes: group commit was in effect when killed", stats[1])
                    .isLessThan(stats[1]);
        }
        @SuppressWarnings("unchecked")
        Set<String>[] out = new Set[] {states, calls};
        return out;
    }

    static void verify(StorageConfig storage, Set<String>[] acked) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (Store store = Store.open(storage, vertx, new SimpleMeterRegistry(), Clock.systemUTC())) {
            Set<String> storedStates = new HashSet<>();
            for (AgentStateChange c : StoreContractTest.await(store.stateHistory("crash-agent"))) {
                storedStates.add(c.callId().orElseThrow());
            }
            assertThat(storedStates).containsAll(acked[0]);
            List<String> missingCalls = new ArrayList<>();
            for (String id : acked[1]) {
                if (StoreContractTest.await(store.call(id)).isEmpty()) {
                    missingCalls.add(id);
                }
            }
            assertThat(missingCalls).as("acknowledged CDRs lost").isEmpty();
        } finally {
            StoreContractTest.await(vertx.close());
        }
    }
}
