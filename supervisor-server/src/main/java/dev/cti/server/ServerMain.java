package dev.cti.server;

import dev.cti.config.ConfigException;
import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.config.PasswordHash;
import dev.cti.config.NetworkConfig;
import dev.cti.link.LinkOptions;
import dev.cti.link.net.LinkServer;
import dev.cti.link.net.LinkTls;
import dev.cti.pki.Credential;
import dev.cti.pki.PkiException;
import dev.cti.pki.SitePki;
import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.call.CallCenter;
import dev.cti.server.call.LinkMeters;
import dev.cti.server.agent.ConfigQueueRules;
import dev.cti.server.auth.AuthService;
import dev.cti.server.auth.AuthorizationPolicy;
import dev.cti.server.http.ApiDependencies;
import dev.cti.server.http.HttpApiVerticle;
import dev.cti.server.qa.QaModule;
import dev.cti.server.recording.RecordingIndex;
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
import io.vertx.core.Context;
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
 * opens the store, creates the agent registry, deploys the HTTP API, prints where it listens on stdout,
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
        private volatile boolean closed;

        Running(Vertx vertx, Store store, HttpApiVerticle http, AgentRegistry agents, PrometheusMeterRegistry meters,
                LinkServer link, int linkPort, CallCenter calls, QaModule qa, Recordings recordings,
                dev.cti.server.report.Reports reports, Credential httpsCredential, Optional<Path> httpsCa) {
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
            running = start(config, Clock.systemUTC()).toCompletionStage().toCompletableFuture().get(60,
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
        // Keys and certificates first (blocking: generated on the first start, read on later ones); the first
        // process to start, this one or the gateway, makes what both need.
        SitePki pki = SitePki.of(config, clock);
        Credential httpsCredential;
        LinkTls linkTls;
        try {
            pki.prepare(SitePki.DEFAULT_GATEWAY_ID);
            httpsCredential = pki.https();
            linkTls = LinkTls.of(pki.linkServer(), pki.linkTrust());
        } catch (PkiException | IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        Optional<Path> httpsCa = pki.httpsCaFile();
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
        Store store;
        try {
            store = Store.open(config.storage(), vertx, meters, clock, connections);
        } catch (RuntimeException e) {
            vertx.close();
            return Future.failedFuture(e);
        }
        Context agentContext = vertx.getOrCreateContext();
        AgentRegistry agents = new AgentRegistry(vertx, agentContext, config, new ConfigQueueRules(config), store,
                meters, clock);
        AuthService auth = new AuthService(config, PasswordHash::verify, clock, new SecureRandom(), vertx,
                new SessionStore(store));
        LinkServer link = new LinkServer(vertx, LinkOptions.defaults(), linkTls);
        CallCenter calls = new CallCenter(vertx, agentContext, config, agents, store, link::send, meters, clock);
        // on the call center's context, so recording events are applied in order with the call events
        Recordings recordings = Recordings.create(vertx, agentContext, config, store, link::send, calls::agentOf,
                meters, clock);
        dev.cti.server.report.Reports reports = new dev.cti.server.report.Reports(vertx, config, store, meters, clock);
        link.eventHandler((seq, event) -> {
            recordings.onEvent(seq, event);
            if (!RecordingIndex.owns(event)) {
                calls.onEvent(seq, event);
            }
        }).connectedHandler(hello -> {
            calls.onGatewayConnected();
            reports.links().up(hello.gatewayId(), java.time.Instant.ofEpochMilli(hello.startedAt()), clock.instant());
        }).disconnectedHandler(reason -> {
            calls.onGatewayDisconnected(reason);
            reports.links().down(reason, clock.instant());
        })
                // events are acknowledged to the gateway (which then forgets them) once the call center has applied
                // them (its context runs tasks in order) and the store has committed what they asked it to write
                .ackAfter(() -> {
                    io.vertx.core.Promise<Void> applied = io.vertx.core.Promise.promise();
                    agentContext.runOnContext(v -> store.barrier().onComplete(applied));
                    return applied.future();
                });
        new LinkMeters(link).bindTo(meters);
        AuthorizationPolicy policy = new AuthorizationPolicy(config.recording().agentsHearOwnCalls());
        QaModule qa = new QaModule(vertx, config, policy, store, meters, clock, new SecureRandom());
        calls.onDialNamed((requestId, callId) -> store.alerts().durably("call_alias", callId,
                () -> qa.service().callHistory().recordAlias(requestId, callId)));
        reports.withQa(qa.kpis());
        // today's figures (wallboard, /api/queues, /metrics) are the stored interval rows': a restart changes none
        calls.kpis().useStoredFigures(reports.intervals()::today);
        HttpApiVerticle http = new HttpApiVerticle(new ApiDependencies(config, agents, store, auth, policy, meters,
                Optional.of(meters), clock, Optional.of(calls), qa, Optional.of(recordings), Optional.of(reports)),
                httpsCredential);
        NetworkConfig.CtiLink linkConfig = config.network().ctiLink();
        // the intervals are brought up to date before anything is served: today's figures are there from the start;
        // agents and the last run's calls come back from the records before the gateway can connect
        return auth.start().compose(v -> reports.start()).onSuccess(today -> calls.kpis().publish())
                .compose(v -> calls.restoreFromRecords())
                .compose(v -> link.listen(linkConfig.host(), linkConfig.port()))
                .compose(linkPort -> vertx.deployVerticle(http).map(id -> {
                    calls.start();
                    qa.start();
                    recordings.start();
                    return new Running(vertx, store, http, agents, meters, link, linkPort, calls, qa, recordings,
                            reports, httpsCredential, httpsCa);
                }))
                .onFailure(e -> {
                    reports.close();
                    store.close();
                    vertx.close();
                });
    }
}
