package dev.cti.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.it.stack.Api;
import dev.cti.it.stack.ConfCopy;
import dev.cti.server.testing.PostgresCluster;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * storage.failover with real processes (docs/CLUSTER.md): PostgreSQL, two server nodes (bin/cti run server) and a
 * gateway whose link lists the second node as an alternate. The owner is killed with SIGKILL: the standby takes
 * over, the gateway links to it, and an agent logged in on the first node is still logged in on the second. While it
 * stands by, the second node answers health checks with 503 STANDBY.
 */
class FailoverIT {
    private static final String JAVA_OPTS = "-Xmx384m -XX:+UseSerialGC";

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void killing_the_owner_hands_the_call_center_to_the_standby_and_the_gateway_follows() throws Exception {
        Optional<Path> pgBin = PostgresCluster.findBinDir();
        if (pgBin.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true and " + PostgresCluster.INSTALL_HINT);
            }
            Assumptions.abort(PostgresCluster.INSTALL_HINT);
        }
        try (PostgresCluster pg = PostgresCluster.start(pgBin.get())) {
            String url = pg.createDatabase();
            Path confA = ConfCopy.create(dir, Map.of(), Map.of(
                    "# postgresUrl: jdbc:postgresql://127.0.0.1:5432/cti",
                    "postgresUrl: " + url + "\n  postgresUser: " + PostgresCluster.USER
                            + "\n  failover: { enabled: true, nodeId: node-a, checkMillis: 250 }"));
            CtiConfig a = ConfigLoader.load(confA);
            // node B: the same site (the same data directory, so the same CA), its own listeners
            Path confB = dir.resolve("conf-b");
            ConfCopy.copy(confA, confB);
            int httpB = ConfCopy.freeTcp();
            int linkB = ConfCopy.freeTcp();
            edit(confB.resolve("site.yaml"), Map.of(
                    "nodeId: node-a", "nodeId: node-b",
                    "httpPort: " + a.network().server().httpPort(), "httpPort: " + httpB,
                    "port: " + a.network().server().https().port(), "port: " + ConfCopy.freeTcp(),
                    "port: " + a.network().ctiLink().port(), "port: " + linkB));
            Path confGw = dir.resolve("conf-gateway");
            ConfCopy.copy(confA, confGw);
            edit(confGw.resolve("site.yaml"), Map.of("    replayBufferEvents: 20000",
                    "    alternates: [\"127.0.0.1:" + linkB + "\"]\n    replayBufferEvents: 20000"));
            int httpA = a.network().server().httpPort();

            Process serverA = launch("server", confA, "server-a.log");
            awaitUp(httpA, serverA, "server-a.log");
            Process serverB = launch("server", confB, "server-b.log");
            // it makes its keys, Vert.x and the open store first, then answers health checks while it waits
            await("node-b standing by").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> get(httpB, "/api/health").statusCode() == 503);
            Thread.sleep(2000); // eight of its tries: still no owner lock
            assertThat(serverB.isAlive()).isTrue();
            HttpResponse<String> standby = get(httpB, "/api/health");
            assertThat(standby.statusCode()).isEqualTo(503);
            assertThat(new JsonObject(standby.body()).getString("status")).isEqualTo("STANDBY");
            assertThat(new JsonObject(standby.body()).getString("node")).isEqualTo("node-b");
            assertThat(new JsonObject(get(httpA, "/api/health").body()).getString("node")).isEqualTo("node-a");
            Process gateway = launch("gateway", confGw, "gateway.log");
            awaitLinked(httpA, gateway);

            Api agent = Api.login(httpA, "1001", "demo-1001");
            assertThat(agent.post("/api/agents/1001/state", new JsonObject().put("state", "LOGGED_IN")).status())
                    .isEqualTo(200);

            long killedAt = System.nanoTime();
            serverA.destroyForcibly();
            assertThat(serverA.waitFor(30, TimeUnit.SECONDS)).isTrue();
            awaitUp(httpB, serverB, "server-b.log");
            long upMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            awaitLinked(httpB, gateway);
            long linkedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            System.out.println("FailoverIT: node-b answered " + upMillis + " ms and the gateway was linked to it "
                    + linkedMillis + " ms after node-a was killed");
            assertThat(log("server-b.log")).contains("owns the call center, epoch 2");

            Api again = Api.login(httpB, "1001", "demo-1001");
            Api.Reply me = again.get("/api/agents/1001");
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.body().getString("state")).isNotEqualTo("LOGGED_OUT");
        } finally {
            for (Process p : processes) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void edit(Path file, Map<String, String> replacements) throws IOException {
        String text = Files.readString(file);
        for (var e : replacements.entrySet()) {
            if (!text.contains(e.getKey())) {
                throw new IllegalStateException(file + " has no '" + e.getKey() + "'");
            }
            text = text.replace(e.getKey(), e.getValue());
        }
        Files.writeString(file, text);
    }

    private Process launch(String what, Path conf, String log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(ConfCopy.repoRoot().resolve("bin/cti").toString(), "run", what,
                "--config", conf.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile());
        pb.environment().put("CTI_NO_BUILD", "1");
        pb.environment().put("CTI_JAVA_OPTS", JAVA_OPTS);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private String log(String name) throws IOException {
        Path p = dir.resolve(name);
        return Files.exists(p) ? Files.readString(p) : "";
    }

    private boolean answers(int port) {
        try {
            return get(port, "/api/health").statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitUp(int port, Process p, String log) {
        await("server on " + port + " answers").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!p.isAlive()) {
                        throw new AssertionError("the server exited: " + log(log));
                    }
                    return answers(port);
                });
    }

    private void awaitLinked(int port, Process gateway) {
        await("gateway linked to the server on " + port).atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                    if (!gateway.isAlive()) {
                        throw new AssertionError("the gateway exited: " + log("gateway.log"));
                    }
                    return get(port, "/metrics").body().contains("cti_link_connected 1.0");
                });
    }
}
