package dev.cti.link.net;

import static dev.cti.link.net.LinkTestSupport.HOST;
import static dev.cti.link.net.LinkTestSupport.block;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cti.link.message.CallOffered;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.Hello;
import dev.cti.link.message.Snapshot;
import dev.cti.link.net.LinkStats.Refusal;
import dev.cti.link.testing.LinkSamples;
import dev.cti.link.testing.ScriptedServerPeer;
import dev.cti.link.testing.TestTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The gateway end over TLS: it talks only to a link server of its CA, and nothing it sends is readable on the wire. */
@ExtendWith(VertxExtension.class)
class LinkTlsClientTest {
    private Vertx vertx;
    private LinkClient client;
    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        client = new LinkClient(vertx, LinkTlsServerTest.tlsOptions(), "gw-1", LinkSamples.T0 - 5_000,
                () -> Future.succeededFuture(new Snapshot(List.of(), List.of(), LinkSamples.T0)),
                TestTls.get().gateway("gw-1"));
    }

    @AfterEach
    void tearDown() throws Exception {
        block(client.close());
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    @Test
    void the_gateway_says_hello_to_a_link_server_of_its_ca() {
        ScriptedServerPeer server = ScriptedServerPeer.start(vertx, TestTls.get().server());
        closeables.add(server);
        client.start(HOST, server.port());
        assertThat(server.awaitHello().gatewayId()).isEqualTo("gw-1");
        server.awaitSnapshot();
        await().atMost(Duration.ofSeconds(10)).until(client::connected);
        assertThat(client.stats().refusedConnections()).isZero();
    }

    @Test
    void a_server_with_a_certificate_of_another_ca_never_hears_hello() {
        ScriptedServerPeer rogue = ScriptedServerPeer.start(vertx, TestTls.get().rogueServer());
        closeables.add(rogue);
        client.start(HOST, rogue.port());
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().refused(Refusal.TLS_HANDSHAKE) >= 2);
        assertThat(client.connected()).isFalse();
        assertThat(rogue.received()).isEmpty();
    }

    @Test
    void a_server_of_the_right_ca_that_is_not_a_link_server_never_hears_hello() {
        ScriptedServerPeer https = ScriptedServerPeer.start(vertx,
                LinkTls.of(TestTls.get().httpsCredential(), TestTls.get().trust()));
        closeables.add(https);
        client.start(HOST, https.port());
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().refused(Refusal.NOT_A_LINK_SERVER) >= 2);
        assertThat(client.connected()).isFalse();
        assertThat(https.received()).isEmpty();
    }

    @Test
    void a_plain_client_dials_loopback_only() {
        LinkClient plain = new LinkClient(vertx, LinkTlsServerTest.tlsOptions(), "gw-1", 0,
                () -> Future.succeededFuture(new Snapshot(List.of(), List.of(), 0)));
        assertThatThrownBy(() -> plain.start("10.0.0.5", 7070)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback");
        block(plain.close());
    }

    /**
     * The bytes between a real LinkClient and LinkServer, both ways, through a recording relay: TLS records from
     * the first byte, and neither the JSON of the link nor the phone number of a call anywhere.
     */
    @Test
    void the_wire_carries_tls_records_and_no_plaintext() throws Exception {
        LinkServer server = new LinkServer(vertx, LinkTlsServerTest.tlsOptions(), TestTls.get().server());
        List<CallOffered> offered = new CopyOnWriteArrayList<>();
        server.eventHandler((seq, e) -> {
            if (e instanceof CallOffered c) {
                offered.add(c);
            }
        });
        int serverPort = block(server.listen(HOST, 0));
        try (Relay relay = new Relay(serverPort)) {
            List<DeliverToAgent> commands = new CopyOnWriteArrayList<>();
            client.commandHandler((seq, c) -> {
                if (c instanceof DeliverToAgent d) {
                    commands.add(d);
                }
            });
            client.start(HOST, relay.port());
            await().atMost(Duration.ofSeconds(10)).until(server::connected);
            assertThat(server.gateway()).map(Hello::gatewayId).contains("gw-1");
            client.emit(new CallOffered("c-1", "sales", "13812345678", "4008001234", "trunk-1", LinkSamples.T0));
            await().atMost(Duration.ofSeconds(10)).until(() -> offered.size() == 1);
            block(server.send(new DeliverToAgent("c-1", "a-7", "1007", 15)));
            await().atMost(Duration.ofSeconds(10)).until(() -> commands.size() == 1);

            for (byte[] bytes : List.of(relay.up(), relay.down())) {
                assertThat(bytes.length).isGreaterThan(100);
                assertThat(bytes[0]).as("TLS handshake record").isEqualTo((byte) 0x16);
                assertThat(bytes[1]).as("TLS major version").isEqualTo((byte) 0x03);
                String text = new String(bytes, StandardCharsets.ISO_8859_1);
                assertThat(text).doesNotContain("\"seq\"", "Hello", "CallOffered", "DeliverToAgent", "13812345678",
                        "gatewayId", "gw-1");
            }
        } finally {
            block(server.close());
        }
    }

    /** A TCP relay on 127.0.0.1 that records what passes each way (one connection at a time, daemon threads). */
    private static final class Relay implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        private final ByteArrayOutputStream up = new ByteArrayOutputStream();
        private final ByteArrayOutputStream down = new ByteArrayOutputStream();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        Relay(int target) throws IOException {
            Thread accept = new Thread(() -> {
                try {
                    while (!listener.isClosed()) {
                        Socket in = listener.accept();
                        Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                        sockets.add(in);
                        sockets.add(out);
                        pump(in.getInputStream(), out.getOutputStream(), up);
                        pump(out.getInputStream(), in.getOutputStream(), down);
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "relay-accept");
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        byte[] up() {
            synchronized (up) {
                return up.toByteArray();
            }
        }

        byte[] down() {
            synchronized (down) {
                return down.toByteArray();
            }
        }

        private static void pump(InputStream from, OutputStream to, ByteArrayOutputStream record) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[16384];
                try {
                    for (int n = from.read(buf); n >= 0; n = from.read(buf)) {
                        synchronized (record) {
                            record.write(buf, 0, n);
                        }
                        to.write(buf, 0, n);
                        to.flush();
                    }
                } catch (IOException e) {
                    // one side closed
                }
            }, "relay-pump");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
