package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.config.StorageConfig;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.Snapshot;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.server.ServerMain;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as ServerMain starts it, on the shipped configuration with free ports: a call offered on the
 * CTI link shows up in {@code GET /api/calls}, in the queue figures and on a supervisor's WebSocket.
 */
class ServerCallFlowTest {
    @TempDir
    Path tmp;

    @Test
    void queuedCallIsVisibleToTheSupervisorMaskedAndPushed() throws Exception {
        CtiConfig shipped = ConfigLoader.load(Path.of(System.getProperty("cti.repo.root", "..")).resolve("conf"));
        NetworkConfig n = shipped.network();
        CtiConfig config = shipped.withNetwork(new NetworkConfig(new NetworkConfig.Server("127.0.0.1", 0, List.of()),
                        n.sip(), n.rtp(), new NetworkConfig.CtiLink("127.0.0.1", 0), n.gatewayAdmin()))
                .withStorage(new StorageConfig(tmp.toString(), Optional.empty(), Optional.empty(), Optional.empty()));
        ServerMain.Running server = ServerMain.start(config, Clock.systemUTC()).toCompletionStage()
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        Vertx peerVertx = Vertx.vertx();
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.httpPort();
        // Closed in finally: an unreferenced client may be collected and its connection evicted.
        io.vertx.core.http.WebSocketClient wsClient = peerVertx.createWebSocketClient();
        try (ScriptedGatewayPeer gateway = ScriptedGatewayPeer.connect(peerVertx, "127.0.0.1", server.linkPort(),
                dev.cti.server.testing.ScriptedServer.gatewayTls(config, "gw-test"))) {
            gateway.handshake("gw-test", new Snapshot(List.of(), List.of(), System.currentTimeMillis()));
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"supervisor\",\"password\":\"demo-supervisor\"}"))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            String token = new JsonObject(login.body()).getString("token");

            List<JsonObject> pushed = new CopyOnWriteArrayList<>();
            wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
                    .setPort(server.httpPort()).setURI("/api/events?token=" + token)
                    .addHeader("Origin", base)).onSuccess(ws -> ws.textMessageHandler(t -> pushed.add(new JsonObject(t))))
                    .onFailure(e -> pushed.add(new JsonObject().put("type", "failed").put("error", e.toString())));
            await().atMost(Duration.ofSeconds(10)).until(() -> !pushed.isEmpty());
            assertThat(pushed.get(0).getString("type")).as(pushed.get(0).encode()).isEqualTo("snapshot");

            gateway.send(new CallOffered("call-42", "service", "13812345678", "4008001000", "pbx", System.currentTimeMillis()));
            await().atMost(Duration.ofSeconds(10)).until(() -> pushed.stream()
                    .anyMatch(p -> "call".equals(p.getString("type")) && "queued".equals(p.getString("event"))));

            JsonArray calls = new JsonObject(get(http, base + "/api/calls", token)).getJsonArray("calls");
            assertThat(calls).hasSize(1);
            assertThat(calls.getJsonObject(0).getString("caller")).isEqualTo("138****5678");
            assertThat(calls.getJsonObject(0).getInteger("position")).isEqualTo(1);
            JsonArray queues = new JsonObject(get(http, base + "/api/queues", token)).getJsonArray("queues");
            assertThat(queues.getJsonObject(0).getString("id")).isEqualTo("service");
            assertThat(queues.getJsonObject(0).getInteger("waiting")).isEqualTo(1);
            JsonObject site = new JsonObject(get(http, base + "/api/site", token));
            assertThat(site.getJsonObject("compliance").getJsonArray("holdThresholdsSeconds").getList())
                    .containsExactly(10, 60, 120);
            assertThat(site.getJsonArray("notReadyReasons").getJsonObject(0).getString("code")).isEqualTo("break");
            assertThat(site.getJsonArray("wrapUpCodes").size()).isEqualTo(15);
            assertThat(site.getJsonArray("teams").getJsonObject(0)).isEqualTo(new JsonObject().put("id", "team-service")
                    .put("name", new JsonObject().put("zh-CN", "客服一组").put("en", "Service team")));
            assertThat(site.getJsonObject("recording")).isEqualTo(new JsonObject().put("agentsHearOwnCalls", false));
            assertThat(get(http, base + "/metrics", token)).contains("cti_link_connected 1.0")
                    .contains("cti_queue_calls_offered_total{queue=\"service\"} 1.0")
                    .contains("cti_queue_calls_waiting{queue=\"service\"} 1.0");
        } finally {
            wsClient.close();
            server.close();
            peerVertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    private static String get(HttpClient http, String url, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + " " + r.body()).isEqualTo(200);
        return r.body();
    }
}
