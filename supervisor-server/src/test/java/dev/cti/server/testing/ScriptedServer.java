package dev.cti.server.testing;

import dev.cti.config.ConfigException;
import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.config.StorageConfig;
import dev.cti.link.message.Snapshot;
import dev.cti.link.net.LinkTls;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.pki.SitePki;
import dev.cti.server.ServerMain;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real server as ServerMain starts it (ephemeral HTTP and CTI-link ports, H2 under a given directory) with a
 * scripted gateway connected and handshaken on its CTI link. The one copy of that set-up: the API tests start
 * one per test ({@link ScriptedGatewayApiBase}), the wallboard browser tests one per class.
 */
public final class ScriptedServer implements AutoCloseable {
    public final ServerMain.Running server;
    public final ScriptedGatewayPeer gateway;
    /** {@code http://127.0.0.1:PORT} of the REST API, the WebSocket and the pages. */
    public final String base;
    private final Vertx peerVertx;
    private final CtiConfig config;

    private ScriptedServer(ServerMain.Running server, Vertx peerVertx, ScriptedGatewayPeer gateway, CtiConfig config) {
        this.server = server;
        this.config = config;
        this.peerVertx = peerVertx;
        this.gateway = gateway;
        this.base = "http://127.0.0.1:" + server.httpPort();
    }

    /** The shipped conf/ of the repository, as loaded. */
    public static CtiConfig shipped() throws ConfigException {
        return ConfigLoader.load(Path.of(System.getProperty("cti.repo.root", "..")).resolve("conf"));
    }

    /**
     * Starts the server on {@code config} (its network moved to ephemeral loopback ports, its store to
     * {@code dataDir}) and connects a scripted gateway named {@code gatewayId} with an empty snapshot.
     */
    public static ScriptedServer start(CtiConfig config, Clock clock, Path dataDir, String gatewayId) throws Exception {
        return start(config, clock, dataDir, gatewayId, new Snapshot(List.of(), List.of(), clock.millis()));
    }

    /** Same, the scripted gateway handshaking with {@code snapshot} (e.g. the calls it kept across a restart). */
    public static ScriptedServer start(CtiConfig config, Clock clock, Path dataDir, String gatewayId, Snapshot snapshot)
            throws Exception {
        NetworkConfig n = config.network();
        CtiConfig local = config.withNetwork(new NetworkConfig(new NetworkConfig.Server("127.0.0.1", 0, List.of()),
                        n.sip(), n.rtp(), new NetworkConfig.CtiLink("127.0.0.1", 0), n.gatewayAdmin()))
                .withStorage(new StorageConfig(dataDir.toString(), Optional.empty(), Optional.empty(), Optional.empty()));
        ServerMain.Running server = ServerMain.start(local, clock).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        Vertx peerVertx = Vertx.vertx();
        try {
            ScriptedGatewayPeer gateway = ScriptedGatewayPeer.connect(peerVertx, "127.0.0.1", server.linkPort(),
                    gatewayTls(local, gatewayId));
            gateway.handshake(gatewayId, snapshot);
            return new ScriptedServer(server, peerVertx, gateway, local);
        } catch (Exception | AssertionError e) {
            server.close();
            peerVertx.close();
            throw e;
        }
    }

    /**
     * What a gateway {@code gatewayId} needs on the CTI link of a server started on {@code config}: its certificate
     * and the link's CA from the configuration's data directory (made by the server's first start, issued here for
     * another id), as the real gateway gets them.
     */
    public static LinkTls gatewayTls(CtiConfig config, String gatewayId) {
        SitePki pki = SitePki.of(config, Clock.systemUTC());
        return LinkTls.of(pki.gateway(gatewayId), pki.linkTrust());
    }

    /** Another scripted gateway named {@code gatewayId} on this server's link (over TLS, as a real one), not handshaken. */
    public ScriptedGatewayPeer connectGateway(Vertx vertx, String gatewayId) {
        return ScriptedGatewayPeer.connect(vertx, "127.0.0.1", server.linkPort(), gatewayTls(config, gatewayId));
    }

    @Override
    public void close() throws Exception {
        gateway.close();
        server.close();
        peerVertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
