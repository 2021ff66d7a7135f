package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.CtiConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.config.StorageConfig;
import dev.cti.link.message.AgentRinging;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallResumed;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.Snapshot;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.server.ServerMain;
import dev.cti.server.agent.AgentState;
import dev.cti.server.store.CallRecord;
import dev.cti.server.testing.ScriptedServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit, counted (docs/STORAGE.md, "Threads, connections and group commit"): the same traffic (rounds of four
 * queue calls at once on the four agents who can take them: offer, ring, answer, hold, resume, end, wrap-up code)
 * through the real server, once with one write per transaction ({@code storage.maxWritesPerCommit: 1}) and once
 * with the default; the number of COMMITs per call, not a time. Prints both figures.
 */
class CommitsPerCallTest {
    private static final List<String> AGENTS = List.of("1001", "1002", "1003", "2003"); // the mandarin speakers
    private static final int ROUNDS = 5;

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    /** Commits, writes and calls of one run. */
    record Figures(double commits, double writes, int calls) {
        double commitsPerCall() {
            return commits / calls;
        }

        double writesPerCall() {
            return writes / calls;
        }
    }

    @Test
    void group_commit_cuts_the_commits_per_call() throws Exception {
        Figures single = run(tmp.resolve("single"), 1);
        Figures grouped = run(tmp.resolve("grouped"), StorageConfig.DEFAULT_MAX_WRITES_PER_COMMIT);
        System.out.printf("commits per call: %.2f with one write per commit, %.2f with group commit"
                        + " (writes per call %.2f / %.2f, %d calls each)%n", single.commitsPerCall(),
                grouped.commitsPerCall(), single.writesPerCall(), grouped.writesPerCall(), grouped.calls());
        assertThat(single.commits()).as("one write, one commit").isEqualTo(single.writes());
        assertThat(grouped.writes()).isEqualTo(single.writes());
        assertThat(grouped.commitsPerCall()).as("group commit").isLessThan(single.commitsPerCall());
    }

    private Figures run(Path dir, int maxPerCommit) throws Exception {
        CtiConfig shipped = ScriptedServer.shipped();
        NetworkConfig n = shipped.network();
        CtiConfig config = shipped.withNetwork(new NetworkConfig(new NetworkConfig.Server("127.0.0.1", 0, List.of()),
                        n.sip(), n.rtp(), new NetworkConfig.CtiLink("127.0.0.1", 0), n.gatewayAdmin()))
                .withStorage(new StorageConfig(dir.toString(), Optional.empty(), Optional.empty(), Optional.empty())
                        .withWriteQueue(StorageConfig.DEFAULT_WRITE_QUEUE_CAPACITY, maxPerCommit));
        ServerMain.Running server = ServerMain.start(config, Clock.systemUTC()).toCompletionStage()
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        Vertx peers = Vertx.vertx();
        String base = "http://127.0.0.1:" + server.httpPort();
        try (ScriptedGatewayPeer gw = ScriptedGatewayPeer.connect(peers, "127.0.0.1", server.linkPort(),
                ScriptedServer.gatewayTls(config, "gw"))) {
            gw.handshake("gw", new Snapshot(List.of(), List.of(), System.currentTimeMillis()));
            Map<String, String> tokens = new HashMap<>();
            for (String a : AGENTS) {
                gw.send(new PhoneRegistered(a, "sip:" + a + "@127.0.0.1:5099", 3600, System.currentTimeMillis()));
                tokens.put(a, login(base, a));
                post(base, tokens.get(a), "/api/agents/" + a + "/state", "{\"state\":\"LOGGED_IN\"}");
                post(base, tokens.get(a), "/api/agents/" + a + "/state", "{\"state\":\"READY\"}");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.store().call("none").toCompletionStage()
                    .toCompletableFuture().get().isEmpty()); // every write so far is done (a read waits for them)
            double commits0 = commits(server.meters());
            double writes0 = writes(server.meters());
            List<String> all = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < AGENTS.size(); i++) {
                    String id = "r" + round + "-c" + i;
                    ids.add(id);
                    gw.send(new CallOffered(id, "service", "1381234" + (1000 + i), "4008001000", "pbx",
                            System.currentTimeMillis()));
                }
                Map<String, String> agentOf = new HashMap<>();
                for (DeliverToAgent d : gw.awaitCount(DeliverToAgent.class, (round + 1) * AGENTS.size())
                        .subList(round * AGENTS.size(), (round + 1) * AGENTS.size())) {
                    agentOf.put(d.callId(), d.agentId());
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> AGENTS.stream()
                        .allMatch(a -> state(server, a) == AgentState.RESERVED));
                for (String id : ids) {
                    gw.send(new AgentRinging(id, agentOf.get(id), agentOf.get(id), System.currentTimeMillis()));
                    gw.send(new CallAnswered(id, agentOf.get(id), 2000, System.currentTimeMillis()));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> AGENTS.stream()
                        .allMatch(a -> state(server, a) == AgentState.ON_CALL));
                for (String id : ids) {
                    gw.send(new CallHeld(id, agentOf.get(id), System.currentTimeMillis()));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> AGENTS.stream()
                        .allMatch(a -> server.agents().snapshot(a).orElseThrow().held()));
                for (String id : ids) {
                    gw.send(new CallResumed(id, agentOf.get(id), System.currentTimeMillis()));
                    gw.send(new CallCleared(id, ClearCause.CALLER_HANGUP, 1000, 30_000, System.currentTimeMillis()));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> AGENTS.stream()
                        .allMatch(a -> state(server, a) == AgentState.WRAP_UP));
                for (String id : ids) {
                    String a = agentOf.get(id);
                    post(base, tokens.get(a), "/api/agents/" + a + "/wrapup", "{\"code\":\"resolved\"}");
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> AGENTS.stream()
                        .allMatch(a -> state(server, a) == AgentState.READY));
                all.addAll(ids);
            }
            // the last write of a call is its wrap-up time, once its agent left WRAP_UP: wait until the writes stop
            java.util.concurrent.atomic.AtomicReference<Double> last = new java.util.concurrent.atomic.AtomicReference<>(-1.0);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
                server.store().count("calls").toCompletionStage().toCompletableFuture().get(); // after queued writes
                double w = writes(server.meters());
                return last.getAndSet(w) == w;
            });
            for (String id : all) {
                CallRecord r = server.store().call(id).toCompletionStage().toCompletableFuture().get().orElseThrow();
                assertThat(r.outcome()).isEqualTo(CallRecord.Outcome.ANSWERED);
                assertThat(r.wrapUpCode()).contains("resolved");
            }
            return new Figures(commits(server.meters()) - commits0, writes(server.meters()) - writes0, all.size());
        } finally {
            server.close();
            peers.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    private static AgentState state(ServerMain.Running server, String agent) {
        return server.agents().snapshot(agent).orElseThrow().state();
    }

    private static double commits(MeterRegistry meters) {
        Counter c = meters.find("cti.store.commits").counter();
        return c == null ? 0 : c.count();
    }

    private static double writes(MeterRegistry meters) {
        return meters.find("cti.store.writes").counters().stream().mapToDouble(Counter::count).sum();
    }

    private String login(String base, String user) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"demo-" + user
                        + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getString("token");
    }

    private void post(String base, String token, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    }
}
