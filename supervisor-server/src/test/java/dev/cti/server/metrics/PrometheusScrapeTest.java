package dev.cti.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.config.StorageConfig;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DiskState;
import dev.cti.link.message.RecordingDiskStatus;
import dev.cti.link.message.RecordingStarted;
import dev.cti.link.message.Snapshot;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.config.QaConfig;
import dev.cti.config.UserConfig;
import dev.cti.server.ServerMain;
import dev.cti.server.auth.Principal;
import dev.cti.server.qa.Edit;
import dev.cti.server.qa.QaService;
import dev.cti.server.store.CallRecord;
import java.time.Instant;
import io.vertx.core.Vertx;
import dev.cti.testpeers.PeerTool;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's /metrics as real Prometheus tools see it: promtool's lint, then a real scrape. */
class PrometheusScrapeTest {
    @TempDir
    Path tmp;

    @Test
    void promtoolFindsNothingWrongAndPrometheusScrapesIt() throws Exception {
        Path promtool = PeerTool.require("promtool", "prometheus");
        Path prometheus = PeerTool.require("prometheus", "prometheus");
        CtiConfig shipped = ConfigLoader.load(Path.of(System.getProperty("cti.repo.root", "..")).resolve("conf"));
        NetworkConfig n = shipped.network();
        CtiConfig config = shipped.withNetwork(new NetworkConfig(new NetworkConfig.Server("127.0.0.1", 0, List.of()),
                        n.sip(), n.rtp(), new NetworkConfig.CtiLink("127.0.0.1", 0), n.gatewayAdmin()))
                .withStorage(new StorageConfig(tmp.resolve("data").toString(), Optional.empty(), Optional.empty(),
                        Optional.empty()));
        ServerMain.Running server = ServerMain.start(config, Clock.systemUTC()).toCompletionStage()
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        HttpClient http = HttpClient.newHttpClient();
        Process prom = null;
        Vertx peerVertx = Vertx.vertx();
        try (ScriptedGatewayPeer gateway = ScriptedGatewayPeer.connect(peerVertx, "127.0.0.1", server.linkPort(),
                dev.cti.server.testing.ScriptedServer.gatewayTls(config, "gw"))) {
            // One abandoned call, so counters with labels and the wait histogram are in the scrape too.
            long now = System.currentTimeMillis();
            gateway.handshake("gw", new Snapshot(List.of(), List.of(), now));
            gateway.send(new CallOffered("c1", "service", "13800000001", "4008001000", "pbx", now - 30_000));
            gateway.send(new CallCleared("c1", ClearCause.ABANDONED, 30_000, 0, now));
            // and a recording indexed and a disk report, so the recording meters are in the scrape with values
            gateway.send(new RecordingStarted("20261207-00000000000000000000000000000001", "c2", "r.ctirec", now));
            gateway.send(new RecordingDiskStatus(DiskState.BELOW_FLOOR, 1L << 20, 1L << 30, now));
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                return body.contains("cti_queue_wait_time_seconds_bucket")
                        && body.contains("cti_recordings_indexed_total{status=\"IN_PROGRESS\"} 1.0")
                        && body.contains("cti_recording_disk_below_floor 1.0");
            });
            submitAnEvaluation(server, config);
            String scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            // the QA figures: labels team or queue only, a ratio and an average score per team and queue
            assertThat(scrape).contains("cti_qa_evaluations_submitted_total{queue=\"service\",team=\"team-service\"} 1.0")
                    .contains("cti_qa_queue_pass_rate_ratio{queue=\"service\"} 0.0")
                    .contains("cti_qa_queue_average_score{queue=\"service\"} 60.0")
                    .contains("cti_qa_team_pass_rate_ratio{team=\"team-sales\"} NaN")
                    .contains("cti_qa_queue_pass_rate_ratio{queue=\"click-to-dial\"} NaN");
            assertThat(scrape).contains("cti_queue_calls_waiting{queue=\"service\"}")
                    .contains("cti_agents{state=\"LOGGED_OUT\"} " + config.agents().size() + ".0");

            Process lint = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
            lint.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
            lint.getOutputStream().close();
            String problems = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(lint.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(problems).as("promtool check metrics").isBlank();
            assertThat(lint.exitValue()).isZero();

            int webPort = freePort();
            Path yml = tmp.resolve("prometheus.yml");
            Files.writeString(yml, """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: cti-server
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(server.httpPort()));
            prom = new ProcessBuilder(prometheus.toString(), "--config.file=" + yml,
                    "--storage.tsdb.path=" + tmp.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + webPort)
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
            String api = "http://127.0.0.1:" + webPort + "/api/v1/query?query=";
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> value(http, api + enc("up{job=\"cti-server\"}")).equals("1"));
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> value(http, api + enc("cti_agents{state=\"LOGGED_OUT\"}"))
                            .equals(String.valueOf(config.agents().size())));
            JsonObject targets = new JsonObject(http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + webPort + "/api/v1/targets")).build(), HttpResponse.BodyHandlers.ofString()).body());
            JsonObject target = targets.getJsonObject("data").getJsonArray("activeTargets").getJsonObject(0);
            assertThat(target.getString("health")).isEqualTo("up");
            assertThat(target.getString("lastError")).isEmpty();
        } finally {
            if (prom != null) {
                prom.destroy();
                prom.waitFor(10, TimeUnit.SECONDS);
            }
            server.close();
            peerVertx.close();
        }
    }

    /** An answered call of agent 1001 on the service line, rated all "pass" (60) by the inspector and submitted. */
    private static void submitAnEvaluation(ServerMain.Running server, CtiConfig config) throws Exception {
        Instant t = Instant.now().minusSeconds(600);
        server.store().recordCall(new CallRecord("qa-1", CallRecord.Direction.INBOUND, Optional.of("service"),
                Optional.of("13800000002"), Optional.empty(), Optional.of("1001"), CallRecord.Outcome.ANSWERED,
                Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(100), Duration.ZERO, Duration.ZERO,
                Optional.empty(), Optional.empty(), t, Optional.of(t.plusSeconds(6)), Optional.of(t.plusSeconds(106))))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        UserConfig inspector = config.user("inspector").orElseThrow();
        Principal who = new Principal(inspector.username(), inspector.displayName(), inspector.role(),
                inspector.agent(), inspector.teams());
        QaService qa = server.qa().service();
        long id = qa.open(who, "qa-1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .scored().evaluation().id();
        List<Edit.ItemChange> all = config.qa().form("inbound").orElseThrow().items().stream()
                .map(i -> new Edit.ItemChange(i.id(), Optional.of(QaConfig.Rating.PASS), false, false, Optional.empty()))
                .toList();
        qa.save(who, id, new Edit(all, false, Optional.empty(), Optional.empty()))
                .compose(s -> qa.submit(who, id, Optional.empty()))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.qa().kpis().queues().get(0).figures()
                .submitted() == 1);
    }

    private static String value(HttpClient http, String url) throws IOException, InterruptedException {
        JsonObject r = new JsonObject(http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        var result = r.getJsonObject("data").getJsonArray("result");
        return result.isEmpty() ? "" : result.getJsonObject(0).getJsonArray("value").getString(1);
    }

    private static String enc(String q) {
        return URLEncoder.encode(q, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
