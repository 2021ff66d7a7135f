package dev.cti.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.server.testing.TestConfigs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerMainTest {
    @TempDir
    Path dir;

    @Test
    void starts_serves_health_and_metrics_and_stops_cleanly() throws Exception {
        var config = TestConfigs.sample(dir.resolve("data").toString());
        ServerMain.Running server = ServerMain.start(config, Clock.systemUTC()).toCompletionStage()
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        HttpClient http = HttpClient.newHttpClient();
        try {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/api/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        } finally {
            server.close();
        }
        assertThat(Files.exists(dir.resolve("data").resolve("cti.mv.db"))).isTrue();
        int port = server.httpPort();
        assertThat(ServerMain.parseArgs(new String[] {"--config", "conf"})).contains(Path.of("conf"));
        assertThat(ServerMain.parseArgs(new String[] {})).isEmpty();
        // stopped: the port no longer answers
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/health")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class);
    }
}
