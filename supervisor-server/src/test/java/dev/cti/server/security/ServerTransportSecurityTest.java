package dev.cti.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cti.config.CtiConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.config.StorageConfig;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.Snapshot;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.link.testing.TestTls;
import dev.cti.server.ServerMain;
import dev.cti.server.testing.ScriptedServer;
import dev.cti.server.testing.TrustingClients;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemTrustOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as ServerMain starts it on the shipped configuration, on a fresh data directory: it makes its CA and
 * certificates, takes its gateway only over TLS with the gateway's certificate, and serves the API and the
 * wallboard over HTTPS to a client that trusts that CA (and to no other), wss included.
 */
class ServerTransportSecurityTest {
    private static final String HELLO = "{\"seq\":1,\"type\":\"Hello\",\"body\":{\"gatewayId\":\"gw-1\",\"startedAt\":1}}";
    private static final String SNAPSHOT = "{\"seq\":2,\"type\":\"Snapshot\",\"body\":{\"calls\":[],\"registrations\":[],\"at\":1}}";

    @TempDir
    Path tmp;

    private CtiConfig config;
    private ServerMain.Running server;
    private Vertx peers;

    @BeforeEach
    void start() throws Exception {
        CtiConfig shipped = ScriptedServer.shipped();
        NetworkConfig n = shipped.network();
        config = shipped.withNetwork(new NetworkConfig(new NetworkConfig.Server("127.0.0.1", 0, List.of()), n.sip(),
                        n.rtp(), new NetworkConfig.CtiLink("127.0.0.1", 0), n.gatewayAdmin()))
                .withStorage(new StorageConfig(tmp.resolve("data").toString(), Optional.empty(), Optional.empty(),
                        Optional.empty()));
        server = ServerMain.start(config, Clock.systemUTC()).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        peers = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        peers.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void the_first_start_made_the_ca_and_every_certificate_with_private_keys_for_the_owner_only() throws Exception {
        Path pki = tmp.resolve("data/pki");
        for (String bundle : List.of("ca", "link-server", "gateway-gw-1", "https")) {
            assertThat(pki.resolve(bundle).resolve("cert.pem")).isRegularFile();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.resolve(bundle).resolve("key.pem"))))
                    .as(bundle).isEqualTo("rw-------");
        }
        assertThat(server.httpsCa()).contains(pki.resolve("ca/cert.pem").toAbsolutePath());
        String fingerprint = server.httpsCredential().fingerprint();
        server.close();
        server = ServerMain.start(config, Clock.systemUTC()).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertThat(server.httpsCredential().fingerprint()).as("the second start reuses it").isEqualTo(fingerprint);
    }

    @Test
    void rogues_saying_hello_are_refused_and_the_real_gateway_keeps_its_connection_and_its_call() throws Exception {
        try (ScriptedGatewayPeer real = ScriptedGatewayPeer.connect(peers, "127.0.0.1", server.linkPort(),
                ScriptedServer.gatewayTls(config, "gw-1"))) {
            real.handshake("gw-1", new Snapshot(List.of(), List.of(), System.currentTimeMillis()));
            real.send(new CallOffered("c-1", "service", "13812345678", "4008001000", "pbx", System.currentTimeMillis()));
            await().atMost(Duration.ofSeconds(10)).until(() -> calls().size() == 1);

            // plain TCP, as anyone on the network would
            NetSocket plain = connect(new NetClientOptions());
            plain.write(HELLO + "\n" + SNAPSHOT + "\n");
            awaitRefusals(1);
            // TLS trusting the server, without a client certificate
            try {
                connect(new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
                        .setTrustOptions(new PemTrustOptions()
                        .addCertValue(Buffer.buffer(Files.readString(server.httpsCa().orElseThrow())))))
                        .write(HELLO + "\n" + SNAPSHOT + "\n");
            } catch (IllegalStateException refusedAtOnce) {
                // the alert came before the connection was handed over
            }
            awaitRefusals(2);
            // TLS with a gateway certificate for gw-1 from another CA
            try (ScriptedGatewayPeer rogue = ScriptedGatewayPeer.connect(peers, "127.0.0.1", server.linkPort(),
                    TestTls.get().rogueGateway("gw-1"))) {
                rogue.handshake("gw-1", new Snapshot(List.of(), List.of(), System.currentTimeMillis()));
            } catch (IllegalStateException refusedAtOnce) {
                // idem
            }
            awaitRefusals(3);
            assertThat(server.meters().scrape()).contains("cti_link_refused_connections_total{reason=\"tls_handshake\"} 3.0");

            assertThat(server.link().gateway()).map(h -> h.gatewayId()).contains("gw-1");
            assertThat(server.link().stats().connects()).isEqualTo(1);
            assertThat(calls()).singleElement().satisfies(c -> assertThat(((JsonObject) c).getString("id")).isEqualTo("c-1"));
            assertThat(real.connected()).isTrue();
            // the server still talks to the real gateway, and only to it
            server.link().send(new DeliverToAgent("c-1", "1001", "1001", 15));
            assertThat(real.await(DeliverToAgent.class).callId()).isEqualTo("c-1");
        }
    }

    @Test
    void https_serves_the_api_and_the_wallboard_to_a_client_trusting_the_generated_ca() throws Exception {
        HttpClient trusting = TrustingClients.httpClient(server.httpsCa().orElseThrow());
        String base = "https://127.0.0.1:" + server.httpsPort();
        HttpResponse<String> health = trusting.send(HttpRequest.newBuilder(URI.create(base + "/api/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        X509Certificate presented = (X509Certificate) health.sslSession().orElseThrow().getPeerCertificates()[0];
        assertThat(dev.cti.pki.Pem.fingerprint(presented)).isEqualTo(server.httpsCredential().fingerprint());
        assertThat(health.sslSession().orElseThrow().getProtocol()).isIn("TLSv1.3", "TLSv1.2");

        HttpResponse<String> wallboard = trusting.send(HttpRequest.newBuilder(URI.create(base + "/wallboard/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wallboard.statusCode()).isEqualTo(200);
        assertThat(wallboard.body()).containsIgnoringCase("<html");

        // plain HTTP stays, on loopback
        HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/api/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(200);
    }

    @Test
    void a_client_that_does_not_trust_the_ca_is_refused() {
        HttpClient defaults = HttpClient.newHttpClient();
        assertThatThrownBy(() -> defaults.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + server.httpsPort() + "/api/health")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void the_websocket_runs_over_wss_and_accepts_the_https_origin_only() throws Exception {
        HttpClient trusting = TrustingClients.httpClient(server.httpsCa().orElseThrow());
        String base = "https://127.0.0.1:" + server.httpsPort();
        HttpResponse<String> login = trusting.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"supervisor\",\"password\":\"demo-supervisor\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String token = new JsonObject(login.body()).getString("token");
        URI wss = URI.create("wss://127.0.0.1:" + server.httpsPort() + "/api/events?token=" + token);

        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket ws = trusting.newWebSocketBuilder().header("Origin", base).buildAsync(wss, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                first.complete(data.toString());
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        assertThat(new JsonObject(first.get(10, TimeUnit.SECONDS)).getString("type")).isEqualTo("snapshot");
        ws.abort();

        assertThatThrownBy(() -> trusting.newWebSocketBuilder().header("Origin", "https://evil.example")
                .buildAsync(wss, new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class);
    }

    private void awaitRefusals(int n) {
        await().atMost(Duration.ofSeconds(10)).alias(n + " refusals").until(() -> server.link().stats().refusedConnections() >= n);
    }

    private JsonArray calls() throws Exception {
        return server.calls().callsJson().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private NetSocket connect(NetClientOptions options) {
        try {
            return peers.createNetClient(options.setConnectTimeout(5000)).connect(server.linkPort(), "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
