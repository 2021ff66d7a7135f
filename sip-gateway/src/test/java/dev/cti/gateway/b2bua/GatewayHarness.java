package dev.cti.gateway.b2bua;

import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.config.TrunkConfig;
import dev.cti.gateway.Gateway;
import dev.cti.gateway.sip.SipEndpoint;
import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.CallOffered;
import dev.cti.link.testing.ScriptedServerPeer;
import dev.cti.link.testing.TestTls;
import dev.cti.testpeers.Sipp;
import io.vertx.core.Vertx;
import dev.cti.config.StorageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A whole gateway in-process on free loopback ports, with the shipped configuration (conf/), a
 * {@link ScriptedServerPeer} as the supervisor server and the trunk pointed at a port a sipp UAS may take.
 */
final class GatewayHarness implements AutoCloseable {
    static final String SERVICE_NUMBER = "4008001000";
    static final String SALES_NUMBER = "4008002000";
    static final String AGENT_EXT = "1001";
    static final String AGENT_PASSWORD = "demo-sip-1001";

    final Vertx vertx = Vertx.vertx();
    final ScriptedServerPeer server;
    final Gateway gateway;
    final int sipPort;
    final int trunkPort;
    final CtiConfig config;
    /** storage.dataDir of this gateway: its recordings and key file are under it. */
    final Path dataDir;
    private final boolean ownDataDir;

    GatewayHarness(int inactivitySeconds) throws Exception {
        this(inactivitySeconds, 20);
    }

    GatewayHarness(int inactivitySeconds, int maxCalls) throws Exception {
        this(inactivitySeconds, maxCalls, 1800);
    }

    GatewayHarness(int inactivitySeconds, int maxCalls, int sessionExpiresSeconds) throws Exception {
        this(inactivitySeconds, maxCalls, sessionExpiresSeconds, "127.0.0.1");
    }

    /** @param trunkHost the trunk's address: inbound calls are accepted only from it */
    GatewayHarness(int inactivitySeconds, int maxCalls, int sessionExpiresSeconds, String trunkHost)
            throws Exception {
        this(inactivitySeconds, maxCalls, sessionExpiresSeconds, trunkHost, Optional.empty());
    }

    /** A gateway whose trunk has these digest credentials ({@code trunks[].credentials}). */
    static GatewayHarness withTrunkCredentials(String username, String password) throws Exception {
        return new GatewayHarness(60, 20, 1800, "127.0.0.1",
                Optional.of(new TrunkConfig.Credentials(username, password)));
    }

    /** The usual gateway (60 s RTP inactivity) with its configuration changed by {@code change} before it starts. */
    static GatewayHarness withConfig(java.util.function.UnaryOperator<CtiConfig> change) throws Exception {
        return new GatewayHarness(60, 20, 1800, "127.0.0.1", Optional.empty(), null, change);
    }

    private GatewayHarness(int inactivitySeconds, int maxCalls, int sessionExpiresSeconds, String trunkHost,
                           Optional<TrunkConfig.Credentials> trunkCredentials) throws Exception {
        this(inactivitySeconds, maxCalls, sessionExpiresSeconds, trunkHost, trunkCredentials, null,
                UnaryOperator.identity());
    }

    /**
     * A gateway whose data directory (recordings, key file) is {@code dataDir}, kept after close (a test may start
     * another gateway on it), with {@code tweak} applied to its configuration.
     */
    static GatewayHarness onDataDir(Path dataDir, UnaryOperator<CtiConfig> tweak) throws Exception {
        return new GatewayHarness(60, 20, 1800, "127.0.0.1", Optional.empty(), dataDir, tweak);
    }

    private GatewayHarness(int inactivitySeconds, int maxCalls, int sessionExpiresSeconds, String trunkHost,
                           Optional<TrunkConfig.Credentials> trunkCredentials, Path dataDir,
                           UnaryOperator<CtiConfig> tweak) throws Exception {
        this.ownDataDir = dataDir == null;
        this.dataDir = dataDir != null ? dataDir : Files.createTempDirectory("gw-data");
        server = ScriptedServerPeer.start(vertx, TestTls.get().server());
        server.timeout(Duration.ofSeconds(15));
        sipPort = FreePorts.udpAndTcp();
        trunkPort = FreePorts.udpAndTcp();
        config = tweak.apply(config(sipPort, trunkPort, linkTo(server.port(), "gw-test"), this.dataDir, inactivitySeconds, maxCalls,
                sessionExpiresSeconds, trunkHost, trunkCredentials));
        // sipp 3.6 and baresip 1.0 read only the first digest challenge and cannot do SHA-256: MD5 alone for them.
        gateway = Gateway.start(config, Clock.systemUTC(), "gw-test",
                SipEndpoint.Options.defaults().withMd5OnlyUserAgents(List.of("sipp", "baresip")));
        server.awaitHello();
        server.awaitSnapshot();
    }

    /**
     * The shipped configuration listening on these loopback ports, RTP on a random range, storing under
     * {@code dataDir} (also what {@link RecordingCrashChild} starts with in its own JVM).
     */
    static CtiConfig config(int sipPort, int trunkPort, NetworkConfig.CtiLink link, Path dataDir, int inactivitySeconds,
                            int maxCalls, int sessionExpiresSeconds, String trunkHost,
                            Optional<TrunkConfig.Credentials> trunkCredentials) throws Exception {
        CtiConfig base = ConfigLoader.load(Path.of("..", "conf"));
        int rtpBase = 30000 + 2 * ThreadLocalRandom.current().nextInt(4000);
        NetworkConfig n = base.network();
        NetworkConfig network = new NetworkConfig(n.server(),
                new NetworkConfig.Sip("127.0.0.1", sipPort, sipPort, n.sip().domain(), maxCalls, 1000,
                        sessionExpiresSeconds, 60, 3600),
                new NetworkConfig.Rtp("127.0.0.1", rtpBase, rtpBase + 400, inactivitySeconds),
                link,
                new NetworkConfig.GatewayAdmin("127.0.0.1", 0));
        return base.withNetwork(network).withTrunks(List.of(new TrunkConfig("pbx", trunkHost, trunkPort,
                        TrunkConfig.Transport.UDP, List.of(), trunkCredentials, "")))
                .withStorage(new StorageConfig(dataDir.toString(), Optional.empty(), Optional.empty(),
                        Optional.empty()));
    }

    /**
     * The link to a scripted server over TLS with the test material ({@link TestTls}, made once per JVM): the
     * gateway's certificate for {@code gatewayId} and the CA, as PEM files in the configuration.
     */
    static NetworkConfig.CtiLink linkTo(int port, String gatewayId) {
        return linkAt(port, TestTls.get().linkFiles(gatewayId), gatewayId);
    }

    /** The link to port {@code port} with the PEM files {@link TestTls#linkFiles} wrote into {@code files}. */
    static NetworkConfig.CtiLink linkAt(int port, Path files, String gatewayId) {
        return new NetworkConfig.CtiLink("127.0.0.1", port, Optional.of(files.resolve("ca.pem")), Optional.empty(),
                Optional.of(new NetworkConfig.PemPair(files.resolve("gateway-" + gatewayId + ".pem"),
                        files.resolve("gateway-" + gatewayId + ".key"))));
    }

    String target() {
        return "127.0.0.1:" + sipPort;
    }

    /**
     * Registers extension 1001 with sipp (digest; the SIP engineer's sipp runner), its Contact at
     * {@code phonePort}, where the agent's answering sipp runs.
     */
    void registerAgent(int phonePort) throws Exception {
        registerAgent(phonePort, 300);
    }

    /** REGISTER with this Expires; 0 removes the binding. */
    void registerAgent(int phonePort, int expires) throws Exception {
        registerAgent(AGENT_EXT, AGENT_PASSWORD, phonePort, expires);
    }

    /** REGISTERs {@code extension} (a configured agent's) with its Contact at {@code phonePort}. */
    void registerAgent(String extension, String password, int phonePort, int expires) throws Exception {
        Sipp.Result r = Sipp.scenario("/b2bua/sipp/register-agent.xml").remote("127.0.0.1:" + sipPort)
                .transport("udp").args("-s", extension, "-au", extension, "-ap", password)
                .set("contactport", Integer.toString(phonePort)).set("expires", Integer.toString(expires))
                .timeout(Duration.ofSeconds(15)).run();
        if (!r.succeeded()) {
            throw new AssertionError("sipp could not register " + extension + ":\n" + r.output());
        }
    }

    /** Starts a caller (the PBX) dialling {@code number}; it hangs up {@code talkMillis} after its ACK. */
    Sipp call(String number, long talkMillis) {
        return Sipp.start("/b2bua/sipp/caller.xml", FreePorts.udpAndTcp(), target(), Map.of(), "-s", number,
                "-d", Long.toString(talkMillis));
    }

    /** Starts a caller (the PBX) dialling {@code number} that waits for the gateway to hang up. */
    Sipp callAwaitingBye(String number) {
        return Sipp.start("/b2bua/sipp/caller-awaits-bye.xml", FreePorts.udpAndTcp(), target(), Map.of(), "-s", number);
    }

    /** Waits until the B2BUA has forgotten every call (its legs were released). */
    void awaitNoCalls() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> gateway.b2bua().liveCalls() == 0);
    }

    CallOffered awaitOffered() {
        return server.await(CallOffered.class);
    }

    @Override
    public void close() throws Exception {
        gateway.close();
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        if (ownDataDir) {
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
