package dev.cti.it.stack;

import static org.awaitility.Awaitility.await;

import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.gateway.Gateway;
import dev.cti.gateway.GatewayMain;
import dev.cti.gateway.sip.SipEndpoint;
import dev.cti.server.ServerMain;
import dev.cti.server.agent.AgentSnapshot;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole system in this JVM, as production wires it: the real supervisor server ({@link ServerMain#start}) and
 * the real gateway ({@link Gateway#start}) on a copy of the shipped configuration with free ports and a private
 * database, headless agent seats ({@link AgentSeat}) that register with the gateway and log in to the server, and
 * customers ({@link Caller}) that call in through the trunk over SIP and RTP on 127.0.0.1.
 */
public final class Stack implements AutoCloseable {
    private final Path dir;
    private final CtiConfig config;
    private final Clock clock;
    /** The server's clock: {@link #clock}, or one the test moves ({@link #startWithServerClock}). */
    private final Clock serverClock;
    private final Parties parties;
    /** The gateway id the stack's gateway uses (its link certificate is issued for it). */
    public static final String GATEWAY_ID = "gw-it";
    private ServerMain.Running server;
    private Gateway gateway;
    private LinkCut linkCut;
    private Process gatewayProcess;
    private int gatewayStarts;

    private Stack(Path dir, CtiConfig config) {
        this(dir, config, Clock.systemUTC());
    }

    private Stack(Path dir, CtiConfig config, Clock clock) {
        this(dir, config, clock, clock);
    }

    private Stack(Path dir, CtiConfig config, Clock clock, Clock serverClock) {
        this.dir = dir;
        this.config = config;
        this.clock = clock;
        this.serverClock = serverClock;
        this.parties = new Parties(dir, config, clock, 2);
    }

    /**
     * Starts server and gateway on a configuration copied into {@code dir} (see {@link ConfCopy}), with these extra
     * text replacements in {@code queues.yaml}, and waits until the gateway is connected to the server.
     */
    public static Stack start(Path dir, Map<String, String> queueEdits) throws Exception {
        return start(dir, queueEdits, SipEndpoint.Options.defaults());
    }

    /**
     * Same, with the gateway's SIP endpoint options, e.g. {@code withMd5OnlyUserAgents} for a real phone that reads
     * only the first digest challenge and cannot do SHA-256 (baresip 1.0, sipp 3.6: docs/GATEWAY.md).
     */
    public static Stack start(Path dir, Map<String, String> queueEdits, SipEndpoint.Options sipOptions)
            throws Exception {
        return start(dir, queueEdits, Map.of(), sipOptions);
    }

    /** Same, with text replacements in {@code site.yaml} too, e.g. {@code agentsHearOwnCalls: true}. */
    public static Stack start(Path dir, Map<String, String> queueEdits, Map<String, String> siteEdits,
                              SipEndpoint.Options sipOptions) throws Exception {
        return startWithServerClock(dir, queueEdits, siteEdits, sipOptions, Clock.systemUTC());
    }

    /**
     * Same, with the server alone on {@code serverClock}, e.g. a {@code ShiftableClock} the test moves past a
     * scheduled callback's time; the gateway and the parties keep the system clock (registrations, media and the
     * link's timing stay real).
     */
    public static Stack startWithServerClock(Path dir, Map<String, String> queueEdits, Map<String, String> siteEdits,
                                             SipEndpoint.Options sipOptions, Clock serverClock) throws Exception {
        Path conf = ConfCopy.create(dir, queueEdits, siteEdits);
        Stack s = new Stack(dir, ConfigLoader.load(conf), Clock.systemUTC(), serverClock);
        try {
            s.startServer();
            s.gateway = Gateway.start(s.config, s.clock, GATEWAY_ID, sipOptions);
            s.awaitLinkUp();
        } catch (Exception | Error e) {
            s.close();
            throw e;
        }
        return s;
    }

    /**
     * Like {@link #start(Path, Map)}, with text replacements in {@code menus.yaml}, server and gateway on a clock that
     * reads {@code now} at the start and then runs (the voice menus' business hours follow it).
     */
    public static Stack startAt(Path dir, java.time.Instant now, Map<String, String> menuEdits) throws Exception {
        return startAt(dir, now, Map.of(), Map.of(), menuEdits);
    }

    /** Same, with text replacements in {@code queues.yaml} and {@code site.yaml} too. */
    public static Stack startAt(Path dir, java.time.Instant now, Map<String, String> queueEdits,
                                Map<String, String> siteEdits, Map<String, String> menuEdits) throws Exception {
        Path conf = ConfCopy.create(dir, queueEdits, siteEdits, menuEdits);
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(java.time.Instant.now(), now));
        Stack s = new Stack(dir, ConfigLoader.load(conf), clock);
        try {
            s.startServer();
            s.gateway = Gateway.start(s.config, s.clock, GATEWAY_ID, SipEndpoint.Options.defaults());
            s.awaitLinkUp();
        } catch (Exception | Error e) {
            s.close();
            throw e;
        }
        return s;
    }

    /**
     * Like {@link #start(Path, Map)}, but the gateway dials the server's CTI link through a {@link LinkCut} relay that
     * the test can cut and restore ({@link #linkCut()}).
     */
    public static Stack startWithLinkCut(Path dir) throws Exception {
        Path conf = ConfCopy.create(dir, Map.of(), Map.of());
        Stack s = new Stack(dir, ConfigLoader.load(conf));
        try {
            s.startServer();
            NetworkConfig n = s.config.network();
            s.linkCut = new LinkCut(n.ctiLink().port());
            NetworkConfig.CtiLink l = n.ctiLink();
            CtiConfig viaRelay = s.config.withNetwork(new NetworkConfig(n.server(), n.sip(), n.rtp(),
                    new NetworkConfig.CtiLink(l.host(), s.linkCut.port(), l.caFile(), l.server(), l.gateway(),
                            l.replayBufferEvents()), n.gatewayAdmin()));
            s.gateway = Gateway.start(viaRelay, s.clock, GATEWAY_ID, SipEndpoint.Options.defaults());
            s.awaitLinkUp();
        } catch (Exception | Error e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** The relay of {@link #startWithLinkCut}. */
    public LinkCut linkCut() {
        return linkCut;
    }

    /**
     * The server alone, in this JVM; the gateway is then started as its own process ({@link #startGatewayProcess}),
     * so a test can kill it with SIGKILL as a crash would.
     */
    public static Stack startWithoutGateway(Path dir, Map<String, String> queueEdits, Map<String, String> siteEdits)
            throws Exception {
        Path conf = ConfCopy.create(dir, queueEdits, siteEdits);
        Stack s = new Stack(dir, ConfigLoader.load(conf));
        try {
            s.startServer();
        } catch (Exception | Error e) {
            s.close();
            throw e;
        }
        return s;
    }

    /**
     * Starts the gateway as production does ({@code GatewayMain --config conf --id gw-it}) in a child JVM on this
     * stack's configuration and data directory, its output in {@code gateway-N.log}, and waits until its CTI link to
     * the server is up. The configuration's {@code md5OnlyUserAgents} apply (the in-process start's options do not).
     */
    public Process startGatewayProcess() throws Exception {
        if (gatewayProcess != null && gatewayProcess.isAlive()) {
            throw new IllegalStateException("a gateway process is running already");
        }
        Path log = dir.resolve("gateway-" + (++gatewayStarts) + ".log");
        gatewayProcess = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), GatewayMain.class.getName(),
                "--config", dir.resolve("conf").toString(), "--id", GATEWAY_ID)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await("the gateway process linked to the server (" + log + ")").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!gatewayProcess.isAlive()) {
                            throw new AssertionError("the gateway process exited " + gatewayProcess.exitValue()
                                    + ":\n" + java.nio.file.Files.readString(log));
                        }
                        return server.meters().scrape().contains("cti_link_connected 1.0");
                    });
        } catch (Exception | Error e) {
            gatewayProcess.destroyForcibly();
            throw e;
        }
        return gatewayProcess;
    }

    /** SIGKILL of the gateway process (no shutdown hook runs, nothing is flushed), then waits for it to be gone. */
    public void killGatewayProcess() throws InterruptedException {
        gatewayProcess.destroyForcibly();
        if (!gatewayProcess.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the gateway process did not die");
        }
    }

    public CtiConfig config() {
        return config;
    }

    public ServerMain.Running server() {
        return server;
    }

    public Gateway gateway() {
        return gateway;
    }

    public Path dir() {
        return dir;
    }

    /** A new server on the same configuration (same ports, same database), e.g. after {@link #killServer()}. */
    public void startServer() throws Exception {
        server = ServerMain.start(config, serverClock).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** Stops the server abruptly for its peers: sessions, link and HTTP go away; the gateway keeps its calls. */
    public void killServer() {
        server.close();
        server = null;
    }

    /** Waits until the current server has seen the gateway's CTI link go down (e.g. after a kill). */
    public void awaitLinkDown() {
        await("gateway unlinked from the server").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> server.meters().scrape().contains("cti_link_connected 0.0"));
    }

    /** Waits until the gateway's CTI link to the current server is up (its hello and snapshot were taken). */
    public void awaitLinkUp() {
        await("gateway linked to the server").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> server.meters().scrape().contains("cti_link_connected 1.0"));
    }

    /**
     * A headless seat for a configured agent: softphone registered at the gateway (its SIP credentials from
     * people.yaml), logged in to the server with the demo password, sending {@code tone:HZ} and recording what it
     * hears to {@code wav}. Returns once it is registered, logged in and its event socket is open.
     */
    public Seat seat(String agentId, double toneHz, long autoAnswerMs) throws Exception {
        return seat(agentId, agentId, "demo-" + agentId, toneHz, autoAnswerMs);
    }

    /**
     * A seat worked by {@code username} (e.g. a supervisor whose user names the seat {@code agentId} as their
     * phone), logged in with {@code password}; otherwise as {@link #seat(String, double, long)}.
     */
    public Seat seat(String agentId, String username, String password, double toneHz, long autoAnswerMs)
            throws Exception {
        Seat seat = parties.seat(agentId, username, password, toneHz, autoAnswerMs);
        String extension = config.agent(agentId).orElseThrow().extension();
        await(agentId + "'s phone registered as the server sees it").atMost(Duration.ofSeconds(10))
                .until(() -> server.calls().registeredExtensions().toCompletionStage().toCompletableFuture()
                        .get(5, TimeUnit.SECONDS).contains(extension));
        return seat;
    }

    /** The REST API as {@code username} (demo password {@code demo-<username>}) calls it. */
    public Api api(String username) throws Exception {
        return Api.login(server.httpPort(), username, "demo-" + username);
    }

    /** A customer on the PBX side, ready to dial a queue number through the trunk. */
    public Caller caller(String callerNumber, double toneHz) throws Exception {
        return parties.caller(callerNumber, toneHz);
    }

    /** The server's current view of an agent. */
    public AgentSnapshot agent(String agentId) {
        return server.agents().snapshot(agentId).orElseThrow();
    }

    @Override
    public void close() throws Exception {
        parties.close();
        if (gateway != null) gateway.close();
        if (linkCut != null) linkCut.close();
        if (gatewayProcess != null) {
            gatewayProcess.destroyForcibly();
            gatewayProcess.waitFor(10, TimeUnit.SECONDS);
        }
        if (server != null) server.close();
    }
}
