package dev.cti.link.net;

import static dev.cti.link.net.LinkTestSupport.HOST;
import static dev.cti.link.net.LinkTestSupport.block;
import static dev.cti.link.net.LinkTestSupport.fastOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cti.link.message.CallOffered;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.Hello;
import dev.cti.link.message.LinkEvent;
import dev.cti.link.message.Snapshot;
import dev.cti.link.net.LinkStats.Refusal;
import dev.cti.link.testing.LinkSamples;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.link.testing.TestTls;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server end over TLS with a real gateway connected and its call live, and a rogue that reaches the link port
 * and says Hello as that gateway: plain TCP, TLS without a client certificate, a gateway certificate of another CA,
 * a certificate of the right CA for another role, and a real gateway certificate claiming another id. Each is
 * refused and counted; the real gateway keeps its connection, its call and the commands.
 */
@ExtendWith(VertxExtension.class)
class LinkTlsServerTest {
    private static final String HELLO_AS_GW1 = "{\"seq\":1,\"type\":\"Hello\",\"body\":{\"gatewayId\":\"gw-1\",\"startedAt\":1}}";

    private Vertx vertx;
    private LinkServer server;
    private int port;
    private ScriptedGatewayPeer real;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<LinkEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start(Vertx vertx) {
        this.vertx = vertx;
        server = new LinkServer(vertx, tlsOptions(), TestTls.get().server())
                .eventHandler((seq, event) -> events.add(event))
                .connectedHandler(hello -> log.add("connected " + hello.gatewayId()))
                .disconnectedHandler(reason -> log.add("disconnected " + reason));
        port = block(server.listen(HOST, 0));
        real = ScriptedGatewayPeer.connect(vertx, HOST, port, TestTls.get().gateway("gw-1"));
        real.handshake("gw-1", new Snapshot(List.of(), List.of(), LinkSamples.T0));
        real.send(new CallOffered("c-1", "sales", "13812345678", "4008001234", "trunk-1", LinkSamples.T0));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
        assertThat(log).containsExactly("connected gw-1");
    }

    /** Fast, but with room for a first TLS handshake on a loaded machine. */
    static dev.cti.link.LinkOptions tlsOptions() {
        return fastOptions().withHeartbeat(Duration.ofMillis(200), Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() {
        real.close();
        block(server.close());
    }

    @Test
    void the_real_gateway_is_connected_over_tls_with_its_certificate() {
        assertThat(server.gateway()).map(Hello::gatewayId).contains("gw-1");
        assertThat(server.stats().refusedConnections()).isZero();
        assertThat(block(server.send(new DeliverToAgent("c-1", "a-7", "1007", 15)))).isPositive();
        assertThat(real.await(DeliverToAgent.class).callId()).isEqualTo("c-1");
    }

    @Test
    void a_plain_tcp_hello_is_refused() {
        NetSocket rogue = rawConnect(new NetClientOptions());
        rogue.write(HELLO_AS_GW1 + "\n");
        awaitRefused(Refusal.TLS_HANDSHAKE);
        awaitClosed(rogue);
        assertRealGatewayKeepsEverything();
    }

    @Test
    void tls_without_a_client_certificate_is_refused() {
        NetSocket rogue;
        try {
            rogue = rawConnect(new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
                    .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(TestTls.get().trust().pem()))));
            rogue.write(HELLO_AS_GW1 + "\n"); // TLS 1.3: the client may think it is in, until the server's alert
        } catch (AssertionError refusedAtOnce) {
            rogue = null;
        }
        awaitRefused(Refusal.TLS_HANDSHAKE);
        if (rogue != null) {
            awaitClosed(rogue);
        }
        assertRealGatewayKeepsEverything();
    }

    @Test
    void a_gateway_certificate_of_another_ca_is_refused() {
        tryRogue(TestTls.get().rogueGateway("gw-1"));
        awaitRefused(Refusal.TLS_HANDSHAKE);
        assertRealGatewayKeepsEverything();
    }

    @Test
    void a_client_certificate_of_the_link_ca_for_another_role_is_refused() {
        tryRogue(TestTls.get().wrongRole()); // the server's own client certificate (urn:cti:server)
        awaitRefused(Refusal.NOT_A_GATEWAY);
        assertRealGatewayKeepsEverything();
    }

    @Test
    void a_gateway_saying_hello_with_another_gateways_id_is_refused() {
        tryRogue(TestTls.get().gateway("gw-2"));
        awaitRefused(Refusal.GATEWAY_ID_MISMATCH);
        assertRealGatewayKeepsEverything();
    }

    @Test
    void a_rogue_flood_is_counted_in_full() {
        for (int i = 0; i < 12; i++) {
            NetSocket rogue = rawConnect(new NetClientOptions());
            rogue.write(HELLO_AS_GW1 + "\n");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().refused(Refusal.TLS_HANDSHAKE) == 12);
        assertRealGatewayKeepsEverything();
    }

    @Test
    void a_new_connection_of_the_real_gateway_still_replaces_its_old_one() {
        try (ScriptedGatewayPeer again = ScriptedGatewayPeer.connect(vertx, HOST, port, TestTls.get().gateway("gw-1"))) {
            again.handshake("gw-1", new Snapshot(List.of(), List.of(), LinkSamples.T0));
            await().atMost(Duration.ofSeconds(5)).until(() -> log.size() == 3);
            assertThat(log).endsWith("connected gw-1");
            block(server.send(new DeliverToAgent("c-1", "a-7", "1007", 15)));
            assertThat(again.await(DeliverToAgent.class).callId()).isEqualTo("c-1");
        }
    }

    @Test
    void a_plain_server_listens_on_loopback_only() {
        LinkServer plain = new LinkServer(vertx, fastOptions());
        assertThatThrownBy(() -> block(plain.listen("0.0.0.0", 0))).hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasStackTraceContaining("loopback");
    }

    /** The rogue connects with {@code tls} (if the handshake lets it) and says Hello as gw-1 with a snapshot. */
    private void tryRogue(LinkTls tls) {
        try (ScriptedGatewayPeer rogue = ScriptedGatewayPeer.connect(vertx, HOST, port, tls)) {
            rogue.handshake("gw-1", new Snapshot(List.of(), List.of(), LinkSamples.T0));
            rogue.awaitDisconnected();
            assertThat(rogue.commands()).isEmpty();
        } catch (IllegalStateException refusedDuringHandshake) {
            // TLS 1.2 or an early alert: the rogue never got a connection at all
        }
    }

    private void awaitRefused(Refusal reason) {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().refused(reason) >= 1);
    }

    /** Still gw-1's connection, the call's events went through once, and a command reaches the real gateway. */
    private void assertRealGatewayKeepsEverything() {
        assertThat(log).containsExactly("connected gw-1");
        assertThat(server.connected()).isTrue();
        assertThat(real.connected()).isTrue();
        assertThat(events).hasSize(2);
        real.clearReceived();
        block(server.send(new DeliverToAgent("c-1", "a-7", "1007", 15)));
        assertThat(real.await(DeliverToAgent.class).callId()).isEqualTo("c-1");
        real.send(new CallOffered("c-2", "sales", "13812345678", "4008001234", "trunk-1", LinkSamples.T0));
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 3);
    }

    @Test
    void an_https_certificate_of_the_link_ca_is_refused_by_the_tls_handshake() {
        tryRogue(dev.cti.link.net.LinkTls.of(TestTls.get().httpsCredential(), TestTls.get().trust()));
        awaitRefused(Refusal.TLS_HANDSHAKE); // serverAuth only: the JDK refuses it as a client certificate
        assertRealGatewayKeepsEverything();
    }

    private NetSocket rawConnect(NetClientOptions options) {
        NetClient client = vertx.createNetClient(options.setConnectTimeout(5000));
        return block(client.connect(port, HOST));
    }

    private static void awaitClosed(NetSocket socket) {
        AtomicBoolean closed = new AtomicBoolean();
        socket.closeHandler(v -> closed.set(true));
        socket.exceptionHandler(e -> closed.set(true));
        await().atMost(Duration.ofSeconds(10)).until(() -> closed.get() || isClosed(socket));
    }

    private static boolean isClosed(NetSocket socket) {
        try {
            block(socket.write("x"));
            return false;
        } catch (AssertionError e) {
            return true;
        }
    }
}
