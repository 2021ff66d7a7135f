package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.config.StorageConfig;
import dev.cti.server.ServerMain;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The customer directory over REST: admin-only CSV import with per-line errors, masked look-ups. */
class CustomerApiTest {
    @TempDir
    Path tmp;

    @Test
    void adminImportsCsvBadRowsAreReportedAndNumbersAreMaskedForAgents() throws Exception {
        CtiConfig shipped = ConfigLoader.load(Path.of(System.getProperty("cti.repo.root", "..")).resolve("conf"));
        NetworkConfig n = shipped.network();
        CtiConfig config = shipped.withNetwork(new NetworkConfig(new NetworkConfig.Server("127.0.0.1", 0, List.of()),
                        n.sip(), n.rtp(), new NetworkConfig.CtiLink("127.0.0.1", 0), n.gatewayAdmin()))
                .withStorage(new StorageConfig(tmp.toString(), Optional.empty(), Optional.empty(), Optional.empty()));
        ServerMain.Running server = ServerMain.start(config, Clock.systemUTC()).toCompletionStage()
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.httpPort();
        try {
            String admin = login(http, base, "admin", "demo-admin");
            String agent = login(http, base, "1001", "demo-1001");
            String csv = "number,surname,title,notes\n13812345678,王,先生,VIP\nnot-a-number,李,女士,\n13900001111,Smith,Ms,\n";
            assertThat(send(http, base + "/api/customers/import", agent, csv).statusCode()).isEqualTo(403);
            HttpResponse<String> r = send(http, base + "/api/customers/import", admin, csv);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonObject report = new JsonObject(r.body());
            assertThat(report.getInteger("imported")).isEqualTo(2);
            assertThat(report.getInteger("rejected")).isEqualTo(1);
            assertThat(report.getJsonArray("errors").getJsonObject(0).getInteger("line")).isEqualTo(3);
            assertThat(report.getJsonArray("errors").encode()).doesNotContain("not-a-number");

            JsonObject seen = new JsonObject(get(http, base + "/api/customers/13812345678", agent).body());
            assertThat(seen.getString("number")).isEqualTo("138****5678");
            assertThat(seen.getString("surname")).isEqualTo("王");
            assertThat(new JsonObject(get(http, base + "/api/customers/13812345678", admin).body()).getString("number"))
                    .isEqualTo("13812345678");
            assertThat(get(http, base + "/api/customers/13800000000", agent).statusCode()).isEqualTo(404);
            assertThat(get(http, base + "/api/customers/abc", agent).statusCode()).isEqualTo(400);
            assertThat(server.store().auditLog(10).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .anySatisfy(a -> assertThat(a.action()).isEqualTo("import-customers"));
        } finally {
            server.close();
        }
    }

    private static String login(HttpClient http, String base, String user, String password) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        return new JsonObject(r.body()).getString("token");
    }

    private static HttpResponse<String> send(HttpClient http, String url, String token, String csv) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient http, String url, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
