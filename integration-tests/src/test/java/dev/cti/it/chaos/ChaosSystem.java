package dev.cti.it.chaos;

import static org.awaitility.Awaitility.await;

import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.config.PasswordHash;
import dev.cti.it.stack.ConfCopy;
import dev.cti.it.stack.LinkCut;
import dev.cti.server.testing.PostgresCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The system of a chaos run as production runs it, each part its own process so that each can be killed: a throwaway
 * PostgreSQL cluster, the server ({@code bin/cti run server}) and the gateway ({@code bin/cti run gateway}) on a copy
 * of the shipped configuration with {@link #AGENTS} more agents, the gateway dialling the server's CTI link through a
 * {@link LinkCut} relay. The faults: {@link #killServer()} (SIGKILL, then started again), {@link #drainGateway()}
 * (SIGTERM: it drains its calls and exits; then started again), {@link #killPostgres()} (SIGKILL, then started again,
 * crash recovery) and {@link #linkCut()}.
 */
final class ChaosSystem implements AutoCloseable {
    /** Agents added to the shipped people.yaml: c01..c20, each with every skill the queues ask for. */
    static final int AGENTS = 20;
    static final String PASSWORD = "chaos-password";
    private static final String JAVA_OPTS = "-Xmx384m -XX:+UseSerialGC";

    private final Path dir;
    private final Path repo;
    private final PostgresCluster postgres;
    private final String jdbcUrl;
    private final Path serverConf;
    private final Path gatewayConf;
    private final CtiConfig config;
    private final LinkCut linkCut;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process server;
    private Process gateway;
    private int serverStarts;
    private int gatewayStarts;

    private ChaosSystem(Path dir, Path repo, PostgresCluster postgres, String jdbcUrl, Path serverConf,
                        Path gatewayConf, CtiConfig config, LinkCut linkCut) {
        this.dir = dir;
        this.repo = repo;
        this.postgres = postgres;
        this.jdbcUrl = jdbcUrl;
        this.serverConf = serverConf;
        this.gatewayConf = gatewayConf;
        this.config = config;
        this.linkCut = linkCut;
    }

    static String agentId(int i) {
        return String.format("c%02d", i + 1);
    }

    /** Starts PostgreSQL, the server and the gateway, and waits until the gateway is linked to the server. */
    static ChaosSystem start(Path dir, Path pgBin) throws Exception {
        PostgresCluster pg = PostgresCluster.start(pgBin);
        LinkCut relay = null;
        try {
            String url = pg.createDatabase();
            Path conf = ConfCopy.create(dir, Map.of(), Map.of(
                    "# postgresUrl: jdbc:postgresql://127.0.0.1:5432/cti",
                    "postgresUrl: " + url + "\n  postgresUser: " + PostgresCluster.USER));
            addAgents(conf.resolve("people.yaml"));
            CtiConfig config = ConfigLoader.load(conf);
            relay = new LinkCut(config.network().ctiLink().port());
            Path gwConf = dir.resolve("conf-gateway");
            ConfCopy.copy(conf, gwConf);
            Path gwSite = gwConf.resolve("site.yaml");
            String site = Files.readString(gwSite);
            String linkPort = "port: " + config.network().ctiLink().port();
            if (!site.contains(linkPort)) {
                throw new IllegalStateException("site.yaml has no '" + linkPort + "'");
            }
            Files.writeString(gwSite, site.replace(linkPort, "port: " + relay.port()));
            ChaosSystem s = new ChaosSystem(dir, ConfCopy.repoRoot(), pg, url, conf, gwConf, config, relay);
            try {
                s.startServer();
                s.awaitServerUp();
                s.startGateway();
                s.awaitLinked();
            } catch (Exception | Error e) {
                s.close();
                throw e;
            }
            return s;
        } catch (Exception | Error e) {
            if (relay != null) relay.close();
            pg.close();
            throw e;
        }
    }

    /** c01..c20 as agents (every skill of the shipped queues) and as users with one password. */
    private static void addAgents(Path people) throws IOException {
        String text = Files.readString(people);
        int users = text.indexOf("\nusers:");
        if (users < 0) {
            throw new IllegalStateException(people + " has no users: section");
        }
        String hash = PasswordHash.hash(PASSWORD.toCharArray());
        StringBuilder agents = new StringBuilder();
        StringBuilder logins = new StringBuilder();
        for (int i = 0; i < AGENTS; i++) {
            String id = agentId(i);
            agents.append("  - { id: \"").append(id).append("\", name: Chaos ").append(i + 1).append(", workNumber: \"")
                    .append(id).append("\", extension: \"").append(7101 + i).append("\", sipPassword: chaos-sip-")
                    .append(id).append("-long-enough, skills: { mandarin: 3, english: 3, billing: 1, sales: 1 }, ")
                    .append("team: team-service, language: zh-CN }\n");
            logins.append("  - { username: \"").append(id).append("\", role: agent, agent: \"").append(id)
                    .append("\", passwordHash: \"").append(hash).append("\" }\n");
        }
        Files.writeString(people, text.substring(0, users) + "\n" + agents + text.substring(users)
                + (text.endsWith("\n") ? "" : "\n") + logins);
    }

    CtiConfig config() {
        return config;
    }

    LinkCut linkCut() {
        return linkCut;
    }

    Connection database() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, PostgresCluster.USER, null);
    }

    int serverStarts() {
        return serverStarts;
    }

    int gatewayStarts() {
        return gatewayStarts;
    }

    private void startServer() throws IOException {
        serverStarts++;
        server = launch("server", serverConf, dir.resolve("server-" + serverStarts + ".log"));
    }

    private void startGateway() throws IOException {
        gatewayStarts++;
        gateway = launch("gateway", gatewayConf, dir.resolve("gateway-" + gatewayStarts + ".log"));
    }

    private Process launch(String what, Path conf, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(repo.resolve("bin/cti").toString(), "run", what, "--config",
                conf.toString()).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CTI_NO_BUILD", "1");
        pb.environment().put("CTI_JAVA_OPTS", JAVA_OPTS);
        return pb.start(); // bin/cti run execs java: this is the JVM's own process
    }

    /** The server answers HTTP. */
    void awaitServerUp() {
        await("server answers").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .ignoreExceptions().until(() -> {
                    if (!server.isAlive()) {
                        throw new AssertionError("the server exited: " + tail("server-" + serverStarts + ".log"));
                    }
                    return metrics().statusCode() == 200;
                });
    }

    /** The gateway's CTI link to the current server is up. */
    void awaitLinked() {
        await("gateway linked").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .ignoreExceptions().until(() -> {
                    if (!gateway.isAlive()) {
                        throw new AssertionError("the gateway exited: " + tail("gateway-" + gatewayStarts + ".log"));
                    }
                    return metrics().body().contains("cti_link_connected 1.0");
                });
    }

    private HttpResponse<String> metrics() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + config.network().server().httpPort() + "/metrics")).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String tail(String log) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(log));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** kill -9 the server, start it again at once, wait until the gateway is linked to the new one. */
    void killServer() throws Exception {
        server.destroyForcibly();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the server did not die on SIGKILL");
        }
        startServer();
        awaitServerUp();
        awaitLinked();
    }

    /**
     * SIGTERM the gateway: it refuses new calls with 503 and waits for its calls to end (the callers hang up as usual),
     * then exits; started again, it restores its registrations. Returns how long the drain took.
     */
    Duration drainGateway() throws Exception {
        long t0 = System.nanoTime();
        gateway.destroy();
        if (!gateway.waitFor(config.network().gatewayAdmin().drainTimeoutSeconds() + 30L, TimeUnit.SECONDS)) {
            throw new AssertionError("the gateway did not exit after its drain");
        }
        Duration drain = Duration.ofNanos(System.nanoTime() - t0);
        int exit = gateway.exitValue();
        if (exit != 0 && exit != 143) {
            throw new AssertionError("the gateway exited with " + exit + ": " + tail("gateway-" + gatewayStarts + ".log"));
        }
        startGateway();
        awaitLinked();
        return drain;
    }

    /** kill -9 PostgreSQL (postmaster; its backends follow), start it again (crash recovery). */
    void killPostgres() throws Exception {
        postgres.kill9();
        postgres.startAgain();
    }

    /** Resident memory in bytes of the server, the gateway and PostgreSQL (postmaster and backends). */
    Map<String, Long> memory() throws IOException {
        long pg = 0;
        for (ProcessHandle p : postgres.processes()) {
            pg += residentBytes(p.pid());
        }
        return Map.of("server", residentBytes(server.pid()), "gateway", residentBytes(gateway.pid()),
                "postgresql", pg);
    }

    /** VmRSS of a process from /proc, in bytes; 0 when it has gone. */
    static long residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone
        }
        return 0;
    }

    @Override
    public void close() throws Exception {
        List<Exception> errors = new ArrayList<>();
        for (Process p : new Process[] {gateway, server}) {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
        try {
            linkCut.close();
        } catch (IOException e) {
            errors.add(e);
        }
        try {
            postgres.close();
        } catch (IOException e) {
            errors.add(e);
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
    }
}
