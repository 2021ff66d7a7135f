package dev.cti.server;

import dev.cti.config.ConfigException;
import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.config.PasswordHash;
import dev.cti.link.net.LinkServer;
import dev.cti.link.net.LinkTls;
import dev.cti.pki.Credential;
import dev.cti.pki.SitePki;
import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.call.CallCenter;
import dev.cti.server.auth.AuthService;
import dev.cti.server.auth.AuthorizationPolicy;
import dev.cti.server.events.ServerEvents;
import dev.cti.server.http.ApiDependencies;
import dev.cti.server.http.HttpApiVerticle;
import dev.cti.server.followup.FollowUps;
import dev.cti.server.followup.ServerSeats;
import dev.cti.server.qa.QaModule;
import dev.cti.server.recording.Recordings;
import dev.cti.server.store.SessionStore;
import dev.cti.server.store.Store;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the supervisor server: {@code ServerMain --config DIR}. Loads and validates the configuration,
 * opens the store, makes the server's event hub ({@link ServerEvents}), deploys the {@link CoreVerticle} (agents,
 * calls, recordings and the CTI link on one context), then the HTTP API, prints where it listens on stdout,
 * and on SIGTERM / Ctrl-C stops the HTTP server, closes the store, then Vert.x.
 */
public final class ServerMain {
    private static final Logger LOG = LoggerFactory.getLogger(ServerMain.class);

    private ServerMain() {}

    /** A started server; {@link #close()} stops it (blocking). */
    public static final class Running implements AutoCloseable {
        private final Vertx vertx;
        private final Store store;
        private final HttpApiVerticle http;
        private final AgentRegistry agents;
        private final PrometheusMeterRegistry meters;
        private final LinkServer link;
        private final int linkPort;
        private final CallCenter calls;
        private final QaModule qa;
        private final Recordings recordings;
        private final dev.cti.server.report.Reports reports;
        private final Credential httpsCredential;
        private final Optional<Path> httpsCa;
        private final FollowUps followUps;
        private final Optional<dev.cti.server.cluster.OwnerLock> owner;
        private volatile boolean closed;

        Running(Vertx vertx, Store store, HttpApiVerticle http, AgentRegistry agents, PrometheusMeterRegistry meters,
                LinkServer link, int linkPort, CallCenter calls, QaModule qa, Recordings recordings,
                dev.cti.server.report.Reports reports, Credential httpsCredential, Optional<Path> httpsCa,
                FollowUps followUps, Optional<dev.cti.server.cluster.OwnerLock> owner) {
            this.followUps = followUps;
            this.owner = owner;
            this.reports = reports;
            this.httpsCredential = httpsCredential;
            this.httpsCa = httpsCa;
            this.vertx = vertx;
            this.store = store;
            this.http = http;
            this.agents = agents;
            this.meters = meters;
            this.link = link;
            this.linkPort = linkPort;
            this.calls = calls;
            this.qa = qa;
            this.recordings = recordings;
        }

        /** Quality assurance (evaluations, work lists, QA KPIs). */
        public QaModule qa() {
            return qa;
        }

        /** Scheduled callbacks and complaint follow-ups. */
        public FollowUps followUps() {
            return followUps;
        }

        /** The recording index, playback and retention. */
        public Recordings recordings() {
            return recordings;
        }

        /** Interval statistics and reports. */
        public dev.cti.server.report.Reports reports() {
            return reports;
        }

        /** The CTI link port the gateway connects to. */
        public int linkPort() {
            return linkPort;
        }

        public CallCenter calls() {
            return calls;
        }

        /** The plain-HTTP port (loopback). */
        public int httpPort() {
            return http.actualPort();
        }

        /** The HTTPS port. */
        public int httpsPort() {
            return http.actualHttpsPort();
        }

        /** The HTTPS listener's certificate (its {@code fingerprint()} is printed at start). */
        public Credential httpsCredential() {
            return httpsCredential;
        }

        /** The generated CA that issued the HTTPS certificate (to trust it); empty when a certificate is configured. */
        public Optional<Path> httpsCa() {
            return httpsCa;
        }

        public LinkServer link() {
            return link;
        }

        public Vertx vertx() {
            return vertx;
        }

        public Store store() {
            return store;
        }

        public AgentRegistry agents() {
            return agents;
        }

        public PrometheusMeterRegistry meters() {
            return meters;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            calls.stop();
            qa.stop();
            followUps.stop();
            recordings.stop();
            try {
                link.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("closing the CTI link: {}", e.toString());
            }
            reports.close(); // after the link: its last down is recorded
            try {
                vertx.undeploy(http.deploymentID()).toCompletionStage().toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("stopping the HTTP API: {}", e.toString());
            }
            store.close();
            owner.ifPresent(dev.cti.server.cluster.OwnerLock::close); // after the last write: a standby takes over
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("closing Vert.x: {}", e.toString());
            }
            meters.close();
            LOG.info("supervisor-server stopped");
        }
    }

    public static void main(String[] args) {
        Optional<Path> dir = parseArgs(args);
        if (dir.isEmpty()) {
            System.err.println("usage: ServerMain --config DIR");
            System.exit(2);
            return;
        }
        CtiConfig config;
        try {
            config = ConfigLoader.load(dir.get());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Running running;
        try {
            running = config.storage().failover().enabled()
                    ? dev.cti.server.cluster.FailoverNode.runUntilOwner(config, Clock.systemUTC())
                    : start(config, Clock.systemUTC()).toCompletionStage().toCompletableFuture().get(60,
                            TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.error("supervisor-server failed to start", e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "cti-shutdown"));
        var server = config.network().server();
        System.out.println("supervisor-server listening on https://" + server.https().host() + ":" + running.httpsPort()
                + " and http://" + server.host() + ":" + running.httpPort() + " (this machine only) (REST, WebSocket "
                + "/api/events, /metrics, /wallboard/), CTI link on " + config.network().ctiLink().host() + ":"
                + running.linkPort() + " over TLS (store: " + running.store().database().describe() + ")");
        System.out.println("  HTTPS certificate sha256 " + running.httpsCredential().fingerprint()
                + running.httpsCa().map(ca -> " (issued by the CA in " + ca + ": trust it, or check this fingerprint)")
                        .orElse(""));
        System.out.flush();
    }

    static Optional<Path> parseArgs(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Optional.of(Path.of(args[i + 1]));
            }
        }
        return Optional.empty();
    }

    /**
     * Starts everything for {@code config}. Blocking parts (opening the store) run on the calling thread,
     * which must not be an event loop.
     */
    public static Future<Running> start(CtiConfig config, Clock clock) {
        return start(config, clock, java.util.function.UnaryOperator.identity());
    }

    /**
     * As {@link #start(CtiConfig, Clock)}, with the store's connections passed through {@code connections} (tests
     * inject database faults there; see {@code Store.open}).
     */
    public static Future<Running> start(CtiConfig config, Clock clock,
                                        java.util.function.UnaryOperator<javax.sql.DataSource> connections) {
        return start(config, clock, connections, Optional.empty());
    }

    /**
     * What a server starts on before it may act: its keys and certificates, its meter registry, Vert.x and the open
     * store (migrations applied). A failover standby makes it before it holds the owner lock, so that a takeover
     * starts from here ({@link dev.cti.server.cluster.FailoverNode}); {@link #close()} undoes it when it never runs.
     */
    public record Base(Credential httpsCredential, Optional<Path> httpsCa, LinkTls linkTls,
                       PrometheusMeterRegistry meters, Vertx vertx, Store store) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
            vertx.close();
            meters.close();
        }
    }

    /**
     * Makes the {@link Base} of a server. Blocking (keys, the store's migrations); not on an event loop.
     *
     * @throws dev.cti.pki.PkiException      keys or certificates that cannot be made or read
     * @throws IllegalArgumentException     bad TLS material
     */
    public static Base prepare(CtiConfig config, Clock clock,
                               java.util.function.UnaryOperator<javax.sql.DataSource> connections) {
        // Keys and certificates first (blocking: generated on the first start, read on later ones); the first
        // process to start, this one or the gateway, makes what both need.
        SitePki pki = SitePki.of(config, clock);
        pki.prepare(SitePki.DEFAULT_GATEWAY_ID); // PkiException, IllegalArgumentException: the start fails with them
        Credential httpsCredential = pki.https();
        LinkTls linkTls = LinkTls.of(pki.linkServer(), pki.linkTrust());
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // promtool flags two of ProcessorMetrics' names (process_cpu_time_ns_total: abbreviated unit;
        // system_cpu_count: a _count suffix on a gauge); process_cpu_usage and the load average stay.
        meters.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")
                || id.getName().equals("system.cpu.count")));
        new JvmMemoryMetrics().bindTo(meters);
        new JvmGcMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        Vertx vertx = Vertx.vertx();
        try {
            return new Base(httpsCredential, pki.httpsCaFile(), linkTls, meters, vertx,
                    Store.open(config.storage(), vertx, meters, clock, connections));
        } catch (RuntimeException e) {
            vertx.close();
            meters.close();
            throw e;
        }
    }

    /**
     * As {@link #start(CtiConfig, Clock)} on a failover node that holds the owner lock ({@code owner}, see
     * {@link dev.cti.server.cluster.FailoverNode}): after the migrations it takes the next epoch and fences the
     * store's writes with it before anything is restored or written.
     */
    public static Future<Running> start(CtiConfig config, Clock clock,
                                        java.util.function.UnaryOperator<javax.sql.DataSource> connections,
                                        Optional<dev.cti.server.cluster.Ownership> owner) {
        Base base;
        try {
            base = prepare(config, clock, connections);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return start(config, clock, base, owner);
    }

    /** Starts the server on {@code base} ({@link #prepare}); a failover owner's writes are fenced first. */
    public static Future<Running> start(CtiConfig config, Clock clock, Base base,
                                        Optional<dev.cti.server.cluster.Ownership> owner) {
        Credential httpsCredential = base.httpsCredential();
        Optional<Path> httpsCa = base.httpsCa();
        LinkTls linkTls = base.linkTls();
        PrometheusMeterRegistry meters = base.meters();
        Vertx vertx = base.vertx();
        Store store = base.store();
        if (owner.isPresent()) {
            try {
                owner.get().fence(store);
            } catch (java.sql.SQLException | RuntimeException e) {
                base.close();
                return Future.failedFuture(e);
            }
        }
        // the server's typed in-process events: one hub, passed to whoever publishes or listens
        ServerEvents events = new ServerEvents();
        store.alerts().publishTo(events);
        AuthService auth = new AuthService(config, PasswordHash::verify, clock, new SecureRandom(), vertx,
                new SessionStore(store));
        AuthorizationPolicy policy = new AuthorizationPolicy(config.recording().agentsHearOwnCalls());
        QaModule qa = new QaModule(vertx, config, policy, store, events, meters, clock, new SecureRandom());
        dev.cti.server.report.Reports reports = new dev.cti.server.report.Reports(vertx, config, store, meters, clock);
        reports.withQa(qa.kpis());
        // agents, calls, recordings and the CTI link: created and run on the core verticle's one context
        CoreVerticle core = new CoreVerticle(config, store, events, linkTls, reports, qa, meters, clock);
        // the intervals are brought up to date before anything is served: today's figures are there from the start;
        // the core puts agents and the last run's calls back from the records before the gateway can connect
        return auth.start().compose(v -> reports.start())
                .compose(today -> vertx.deployVerticle(core))
                .compose(coreId -> {
                    // callbacks dial through the call center: built once it runs, their outcome from its dials' ends
                    FollowUps followUps = new FollowUps(vertx, config, store, new ServerSeats(config, core.agents(),
                            core.calls()), events, meters, clock);
                    core.calls().onDialEnded((requestId, answered) -> followUps.callbacks().dialEnded(requestId,
                            answered));
                    core.calls().useCallbackQueue(followUps.callbacks()); // callbacks that keep their place
                    HttpApiVerticle http = new HttpApiVerticle(new ApiDependencies(config, core.agents(), events,
                            store, auth, policy, meters, Optional.of(meters), clock, Optional.of(core.calls()), qa,
                            Optional.of(core.recordings()), Optional.of(reports), Optional.of(followUps)),
                            httpsCredential);
                    return followUps.start().compose(f -> vertx.deployVerticle(http)).map(id -> {
                        core.startServices();
                        qa.start();
                        return new Running(vertx, store, http, core.agents(), meters, core.link(), core.linkPort(),
                                core.calls(), qa, core.recordings(), reports, httpsCredential, httpsCa, followUps,
                                owner.map(dev.cti.server.cluster.Ownership::lock));
                    });
                })
                .onFailure(e -> {
                    reports.close();
                    store.close();
                    vertx.close();
                });
    }
}
