package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.config.StorageConfig;
import dev.cti.gateway.Gateway;
import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.testing.ScriptedServerPeer;
import dev.cti.link.testing.TestTls;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway dials the server only over TLS and says nothing to a server whose certificate another CA issued. */
class GatewayLinkSecurityTest {

    /** The gateway's data (recording key, registrations) in a temporary directory, not ./data in the module. */
    @TempDir
    Path dataDir;

    @Test
    void a_server_with_a_certificate_of_another_ca_gets_no_hello_and_the_refusal_is_a_metric() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (ScriptedServerPeer rogue = ScriptedServerPeer.start(vertx, TestTls.get().rogueServer())) {
            CtiConfig base = ConfigLoader.load(Path.of("..", "conf"));
            NetworkConfig n = base.network();
            int sip = FreePorts.udpAndTcp();
            int rtp = 30000 + 2 * ThreadLocalRandom.current().nextInt(4000);
            CtiConfig config = base.withNetwork(new NetworkConfig(n.server(),
                    new NetworkConfig.Sip("127.0.0.1", sip, sip, n.sip().domain(), 10, 1000, 1800, 60, 3600),
                    new NetworkConfig.Rtp("127.0.0.1", rtp, rtp + 40, 30),
                    GatewayHarness.linkTo(rogue.port(), "gw-test"), new NetworkConfig.GatewayAdmin("127.0.0.1", 0)))
                    .withStorage(new StorageConfig(dataDir.toString(), Optional.empty(), Optional.empty(),
                            Optional.empty()));
            try (Gateway gateway = Gateway.start(config, Clock.systemUTC(), "gw-test")) {
                await().atMost(Duration.ofSeconds(15)).until(() -> gateway.registry().scrape()
                        .matches("(?s).*cti_link_refused_connections_total\\{reason=\"tls_handshake\"} [1-9].*"));
                assertThat(gateway.link().connected()).isFalse();
                assertThat(gateway.registry().scrape()).contains("cti_link_connected 0.0");
                assertThat(rogue.received()).isEmpty();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }
}
