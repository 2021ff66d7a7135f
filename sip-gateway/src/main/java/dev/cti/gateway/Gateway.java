package dev.cti.gateway;

import dev.cti.config.CtiConfig;
import dev.cti.gateway.b2bua.B2bua;
import dev.cti.gateway.b2bua.PromptLibrary;
import dev.cti.gateway.media.MediaEngine;
import dev.cti.gateway.media.MediaLeg;
import dev.cti.gateway.media.MediaListener;
import dev.cti.gateway.recording.RecordingService;
import dev.cti.gateway.sip.SipEndpoint;
import dev.cti.link.LinkOptions;
import dev.cti.link.message.LinkEvent;
import dev.cti.link.net.LinkClient;
import dev.cti.link.net.LinkStats;
import dev.cti.link.net.LinkTls;
import dev.cti.pki.SitePki;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: SIP endpoint (registrar + B2BUA), media engine, CTI link client and admin HTTP, wired
 * together from one {@link CtiConfig}. {@link #start} brings it up, {@link #close} stops it cleanly (live calls
 * are hung up first). Tests start it in-process on free ports; {@link GatewayMain} starts it from the command line.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;
    private final ScheduledExecutorService timers;
    private final ExecutorService callPool;
    private final MediaEngine media;
    private final SipEndpoint sip;
    private final B2bua b2bua;
    private final LinkClient link;
    private final RecordingService recordings;
    private final AdminServer admin;
    private final int adminPort;
    private final dev.cti.gateway.sip.registrar.RegistrationFile registrationFile;
    private final Duration drainTimeout;
    private volatile boolean closed;

    private Gateway(Vertx vertx, PrometheusMeterRegistry registry, ScheduledExecutorService timers,
                    ExecutorService callPool, MediaEngine media, SipEndpoint sip, B2bua b2bua, LinkClient link,
                    RecordingService recordings, AdminServer admin, int adminPort,
                    dev.cti.gateway.sip.registrar.RegistrationFile registrationFile, Duration drainTimeout) {
        this.registrationFile = registrationFile;
        this.drainTimeout = drainTimeout;
        this.vertx = vertx;
        this.registry = registry;
        this.timers = timers;
        this.callPool = callPool;
        this.media = media;
        this.sip = sip;
        this.b2bua = b2bua;
        this.link = link;
        this.recordings = recordings;
        this.admin = admin;
        this.adminPort = adminPort;
    }

    /** Starts every part with the SIP endpoint's default options and the configured MD5-only phones. */
    public static Gateway start(CtiConfig config, Clock clock, String gatewayId) throws Exception {
        return start(config, clock, gatewayId,
                SipEndpoint.Options.defaults().withMd5OnlyUserAgents(config.network().sip().md5OnlyUserAgents()));
    }

    /**
     * Starts every part; on failure stops what was started and rethrows. The CTI link is TLS with gateway
     * {@code gatewayId}'s certificate: configured, or made in the data directory on the first start (by this
     * process or the server, whichever starts first).
     */
    public static Gateway start(CtiConfig config, Clock clock, String gatewayId, SipEndpoint.Options sipOptions)
            throws Exception {
        SitePki pki = SitePki.of(config, clock);
        pki.prepare(gatewayId);
        LinkTls linkTls = LinkTls.of(pki.gateway(gatewayId), pki.linkTrust());
        Vertx vertx = Vertx.vertx();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicInteger threadIds = new AtomicInteger();
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, r -> daemon(r, "gw-timer"));
        ExecutorService callPool = Executors.newFixedThreadPool(Math.max(4, Runtime.getRuntime().availableProcessors()
                * 2), r -> daemon(r, "gw-call-" + threadIds.incrementAndGet()));
        MediaEngine media = null;
        SipEndpoint sip = null;
        RecordingService recordings = null;
        try {
            PromptLibrary prompts = new PromptLibrary();
            prompts.preload(config.queues());
            prompts.preloadMenus(config.menus());
            // The engine needs its listener at construction, the B2BUA needs the engine: forward through a holder.
            MediaListenerHolder listener = new MediaListenerHolder();
            media = new MediaEngine(config.network().rtp(), registry, listener);
            media.start();
            LinkHolder linkHolder = new LinkHolder();
            // before SIP: no call may connect before the crash recovery has run and the key file is known
            recordings = new RecordingService(config.recording(), Path.of(config.recordingDirectory()),
                    Path.of(config.recordingKeyFile()), media, registry, clock, System::nanoTime,
                    linkHolder::emit, new java.security.SecureRandom());
            recordings.start(timers);
            java.util.List<String> trunkSources = new java.util.ArrayList<>();
            config.trunks().forEach(t -> {
                trunkSources.add(t.host());
                trunkSources.addAll(t.allowFrom());
            });
            SipEndpoint.Options options = sipOptions.withTrunkSources(trunkSources);
            if ((config.network().sip().tls().enabled() || config.network().sip().ws().wssPort() > 0)
                    && options.tls() == null) {
                options = options.withTls(sipTls(config, pki));
            }
            // Load the SRTP library now, not in a call: TLS legs carry SDES SRTP, and any leg, plain SIP too, may
            // offer DTLS-SRTP. Its first load benchmarks the AES implementations (a second or more, several under
            // load), and a DTLS-SRTP leg whose handshake is done drops every packet both ways until it is keyed.
            dev.cti.gateway.media.srtp.SrtpSession.warmUp();
            sip = SipEndpoint.start(config.network().sip(), ext -> config.agentByExtension(ext), registry, clock,
                    timers, options);
            // durable registrations: phones are reachable at once after a restart (before the B2BUA may call them)
            dev.cti.gateway.sip.registrar.RegistrationFile registrationFile =
                    new dev.cti.gateway.sip.registrar.RegistrationFile(registrationsPath(config, gatewayId), clock,
                            registry);
            registrationFile.attach(sip.locations(), ext -> config.agentByExtension(ext).isPresent(), timers);
            B2bua b2bua = new B2bua(sip, media, config, prompts, clock, timers, callPool, linkHolder::emit, registry,
                    recordings);
            listener.target = b2bua.mediaListener();
            LinkClient link = new LinkClient(vertx, LinkOptions.defaults()
                    .withReplayBuffer(config.network().ctiLink().replayBufferEvents()), gatewayId, clock.millis(),
                    () -> Future.succeededFuture(b2bua.snapshot()), linkTls);
            link.commandHandler(b2bua::onCommand);
            RecordingService outbox = recordings;
            link.connectedHandler(v -> outbox.linkConnected()); // the outbox: re-sent until acknowledged
            linkHolder.client = link;
            GatewayMeters.LINK_CONNECTED.gauge(link, l -> l.connected() ? 1 : 0).register(registry);
            GatewayMeters.LINK_BUFFERED_EVENTS.gauge(link, l -> l.stats().bufferedEvents()).register(registry);
            GatewayMeters.LINK_EVENTS_REPLAYED.functionCounter(link, l -> l.stats().replayed()).register(registry);
            GatewayMeters.LINK_BUFFER_OVERFLOWS.functionCounter(link, l -> l.stats().bufferOverflows())
                    .register(registry);
            GatewayMeters.LINK_EVENTS_LOST.functionCounter(link, l -> l.stats().droppedWhileDown()).register(registry);
            for (LinkStats.Refusal reason : LinkStats.Refusal.values()) {
                GatewayMeters.LINK_REFUSED_CONNECTIONS.functionCounter(link, l -> l.stats().refused(reason),
                        reason.name().toLowerCase(Locale.ROOT)).register(registry);
            }
            b2bua.install();
            link.start(config.network().ctiLink().host(), config.network().ctiLink().port(),
                    config.network().ctiLink().alternates());
            AdminServer admin = new AdminServer(vertx, registry, () -> "{\"status\":\""
                    + (b2bua.draining() ? "DRAINING" : "UP") + "\",\"calls\":" + b2bua.liveCalls() + ",\"ctiLink\":"
                    + link.connected() + "}");
            int adminPort = admin.start(config.network().gatewayAdmin().host(),
                    config.network().gatewayAdmin().httpPort()).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            return new Gateway(vertx, registry, timers, callPool, media, sip, b2bua, link, recordings, admin,
                    adminPort, registrationFile, Duration.ofSeconds(config.network().gatewayAdmin().drainTimeoutSeconds()));
        } catch (Exception | Error e) {
            if (sip != null) {
                sip.stop();
            }
            if (recordings != null) {
                recordings.close(0);
            }
            if (media != null) {
                media.close();
            }
            timers.shutdownNow();
            callPool.shutdownNow();
            vertx.close();
            throw e;
        }
    }

    /**
     * SIP over TLS: the gateway's certificate (configured, or issued by the site CA in the data directory) and the
     * CAs of the TLS trunks, the only ones trusted when connecting to a trunk.
     */
    static dev.cti.gateway.sip.SipTls sipTls(CtiConfig config, SitePki pki) {
        java.util.List<java.security.cert.X509Certificate> trunkCas = new java.util.ArrayList<>();
        for (dev.cti.config.TrunkConfig t : config.trunks()) {
            if (t.transport() == dev.cti.config.TrunkConfig.Transport.TLS) {
                t.caFile().ifPresent(ca -> trunkCas.addAll(dev.cti.pki.TrustAnchors.load(ca).certificates()));
            }
        }
        dev.cti.pki.Credential credential = pki.sipTls();
        LOG.info("SIP over TLS certificate sha256 {} ({})", credential.fingerprint(), pki.sipTlsCaFile()
                .map(ca -> "issued by the CA in " + ca + ": phones trust it").orElse("configured"));
        return new dev.cti.gateway.sip.SipTls(credential, trunkCas);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public B2bua b2bua() {
        return b2bua;
    }

    public SipEndpoint sip() {
        return sip;
    }

    public MediaEngine media() {
        return media;
    }

    public RecordingService recordings() {
        return recordings;
    }

    public LinkClient link() {
        return link;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public int adminPort() {
        return adminPort;
    }

    public Optional<Integer> sipPort(String transport) {
        return sip.port(transport);
    }

    /** The registrations file of gateway {@code gatewayId}: {@code storage.dataDir/registrations-<id>.json}. */
    public static Path registrationsPath(CtiConfig config, String gatewayId) {
        return Path.of(config.storage().dataDir(), "registrations-" + gatewayId + ".json");
    }

    /**
     * Drains: new calls get 503 with Retry-After (the trunk retries elsewhere), {@code Originate} is refused, and the
     * calls in progress go on until they end or {@code timeout} passes. Blocks; call from a plain thread (the
     * shutdown hook). True when no call was left.
     */
    public boolean drain(Duration timeout) {
        b2bua.drain();
        int live = b2bua.liveCalls();
        if (live > 0) {
            LOG.info("gateway draining: {} call(s) in progress go on (up to {} s); new calls get 503 with Retry-After",
                    live, timeout.toSeconds());
        }
        try {
            boolean none = b2bua.awaitNoCalls(timeout);
            if (!none) {
                LOG.warn("gateway drain timeout ({} s): {} call(s) still up are hung up", timeout.toSeconds(),
                        b2bua.liveCalls());
            } else if (live > 0) {
                LOG.info("gateway drained: every call ended");
            }
            return none;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What SIGTERM does: {@link #drain} for {@code network.gatewayAdmin.drainTimeoutSeconds}, then {@link #close}. */
    public void stop() {
        if (!closed) {
            drain(drainTimeout);
        }
        close();
    }

    /** Hangs up live calls (BYE/CANCEL), then closes the link, admin HTTP, SIP stack and media. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("gateway stopping: {} live calls", b2bua.liveCalls());
        b2bua.shutdown(Duration.ofSeconds(3));
        recordings.close(3000); // the ended calls' recordings finish (final chunk, sidecar) before the link goes
        // the last calls' events: the server acknowledges them before the link closes (the buffer is in memory)
        if (!Boolean.TRUE.equals(awaitValue(link.drained(Duration.ofSeconds(3))))) {
            LOG.warn("gateway stopping with {} event(s) the server has not acknowledged: they are lost",
                    link.buffered());
        }
        await(link.close());
        await(admin.close());
        sip.stop();
        registrationFile.write(sip.locations().allBindings()); // the last word, after SIP stopped changing them
        media.close();
        timers.shutdownNow();
        callPool.shutdownNow();
        await(vertx.close());
        LOG.info("gateway stopped");
    }

    private static <T> T awaitValue(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("while stopping: {}", e.toString());
            return null;
        }
    }

    private static void await(Future<?> f) {
        try {
            f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("while stopping: {}", e.toString());
        }
    }

    /** Lets the media engine be built before the B2BUA that listens to it. */
    private static final class MediaListenerHolder implements MediaListener {
        volatile MediaListener target = MediaListener.NONE;

        @Override
        public void onDtmf(MediaLeg leg, char digit) {
            target.onDtmf(leg, digit);
        }

        @Override
        public void onInactive(MediaLeg leg, Duration silentFor) {
            target.onInactive(leg, silentFor);
        }
    }

    /** Lets the B2BUA be built before the link client whose snapshot supplier reads it. */
    private static final class LinkHolder {
        volatile LinkClient client;

        void emit(LinkEvent event) {
            LinkClient c = client;
            if (c != null) {
                c.emit(event);
            }
        }
    }
}
