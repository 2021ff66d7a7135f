package dev.cti.gateway.sip;

import dev.cti.gateway.GatewayMeters;
import dev.cti.config.NetworkConfig;
import dev.cti.gateway.sip.guard.CallAdmission;
import dev.cti.gateway.sip.guard.IngressValve;
import dev.cti.gateway.sip.guard.RequestValidator;
import dev.cti.gateway.sip.guard.ScannerDetector;
import dev.cti.gateway.sip.guard.SourceRateLimiter;
import dev.cti.gateway.sip.registrar.DigestAuthenticator;
import dev.cti.gateway.sip.registrar.LocationService;
import dev.cti.gateway.sip.registrar.NonceService;
import dev.cti.gateway.sip.registrar.Registrar;
import dev.cti.gateway.sip.registrar.RegistrationLockouts;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ListeningPoint;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP side of the gateway, running: jain-sip stack on the configured UDP/TCP addresses, the ingress guards,
 * the registrar with its location service, OPTIONS, and the dispatcher the B2BUA plugs its INVITE/ACK/BYE/CANCEL/
 * REFER handlers into. Start with {@link #start}, stop with {@link #stop()}.
 *
 * <pre>
 *  UDP/TCP ─▶ CountingMessageParserFactory ─▶ IngressValve ─▶ jain-sip transactions ─▶ SipListenerAdapter
 *            (count unparseable)            (scanner, flood,        │                    │ SipEvent records
 *                                            rport, count)          │                    ▼
 *                                                                   │      SipDispatcher: RequestValidator, then
 *                                                                   │      dialog / method handlers:
 *                                                                   │      REGISTER→Registrar, OPTIONS, B2BUA...
 *                                                                   ◀──────── SipMessenger (responses, counted)
 * </pre>
 */
public final class SipEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SipEndpoint.class);

    /**
     * Knobs with defaults that are not in {@link NetworkConfig.Sip}.
     *
     * @param trunkSources the trunks' addresses (the gateway passes {@code host} and {@code allowFrom}): never put in
     *                     the rate limiter's shared overflow bucket
     */
    public record Options(SipStackFactory.Tuning tuning, Duration nonceLifetime, Duration expirySweepPeriod,
                          List<String> scannerSignatures, int retryAfterSeconds, List<String> md5OnlyUserAgents,
                          java.util.Set<String> trunkSources, SipTls tls) {
        public static Options defaults() {
            return new Options(SipStackFactory.Tuning.defaults(), Duration.ofMinutes(5), Duration.ofSeconds(1),
                    ScannerDetector.DEFAULT_SIGNATURES, 30, List.of(), java.util.Set.of(), null);
        }

        /** Same options with phones that cannot skip a SHA-256 challenge (see {@link DigestAuthenticator}). */
        public Options withMd5OnlyUserAgents(List<String> userAgents) {
            return new Options(tuning, nonceLifetime, expirySweepPeriod, scannerSignatures, retryAfterSeconds,
                    List.copyOf(userAgents), trunkSources, tls);
        }

        /**
         * Same options with the TLS material: required when {@code sip.tls.port} is set (the endpoint refuses to start
         * without it).
         */
        public Options withTls(SipTls material) {
            return new Options(tuning, nonceLifetime, expirySweepPeriod, scannerSignatures, retryAfterSeconds,
                    md5OnlyUserAgents, trunkSources, material);
        }

        /**
         * Same options with the trunks' addresses: like registered phones, they keep a rate-limit bucket of their
         * own under a flood from many sources ({@link SourceRateLimiter}).
         */
        public Options withTrunkSources(java.util.Collection<String> addresses) {
            return new Options(tuning, nonceLifetime, expirySweepPeriod, scannerSignatures, retryAfterSeconds,
                    md5OnlyUserAgents, java.util.Set.copyOf(addresses), tls);
        }
    }

    /** One listening socket (UDP, TCP or TLS). */
    public record ListenAddress(String transport, String host, int port) {}

    private final SipStackImpl stack;
    private final SipProvider provider;
    private final java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
    private final Map<String, Integer> boundPorts;
    private final SipDispatcher dispatcher;
    private final SipMessenger messenger;
    private final Registrar registrar;
    private final CallAdmission callAdmission;
    private final SipMetrics metrics;
    private final List<ScheduledFuture<?>> timers;
    private final IngressValve valve;

    private SipEndpoint(SipStackImpl stack, SipProvider provider, Map<String, Integer> boundPorts,
                        SipDispatcher dispatcher, SipMessenger messenger, Registrar registrar,
                        CallAdmission callAdmission, SipMetrics metrics, List<ScheduledFuture<?>> timers,
                        IngressValve valve) {
        this.stack = stack;
        this.provider = provider;
        this.boundPorts = boundPorts;
        this.dispatcher = dispatcher;
        this.messenger = messenger;
        this.registrar = registrar;
        this.callAdmission = callAdmission;
        this.metrics = metrics;
        this.timers = timers;
        this.valve = valve;
    }

    /** Starts with default {@link Options}. */
    public static SipEndpoint start(NetworkConfig.Sip config, Credentials credentials, MeterRegistry registry,
                                    Clock clock, ScheduledExecutorService scheduler) throws SipException {
        return start(config, credentials, registry, clock, scheduler, Options.defaults());
    }

    /**
     * Binds the configured transports and starts serving REGISTER and OPTIONS.
     *
     * @param credentials extension → agent seat (password), for digest authentication
     * @param scheduler   runs registration expiry and rate-limiter cleanup; owned by the caller
     * @throws SipException when a port cannot be bound or the stack refuses the configuration
     */
    public static SipEndpoint start(NetworkConfig.Sip config, Credentials credentials, MeterRegistry registry,
                                    Clock clock, ScheduledExecutorService scheduler, Options options)
            throws SipException {
        List<ListenAddress> addresses = listenAddresses(config);
        if (addresses.isEmpty()) {
            throw new SipException("sip: neither udpPort nor tcpPort is set; nothing to listen on");
        }
        if (config.tls().enabled() && options.tls() == null) {
            throw new SipException("sip: tls.port is set but no TLS certificate was given to the endpoint");
        }
        SipMetrics metrics = new SipMetrics(registry);
        LocationService locations = new LocationService(clock);
        java.util.Set<String> trunks = options.trunkSources();
        SourceRateLimiter limiter = new SourceRateLimiter(config.maxRequestsPerSecondPerSource(), System::nanoTime,
                source -> trunks.contains(source) || locations.isRegisteredSource(source));
        IngressValve valve = new IngressValve(metrics, new ScannerDetector(options.scannerSignatures()), limiter);
        SipStackImpl stack;
        try {
            stack = SipStackFactory.create(
                    SipStackFactory.properties(stackName(config), config.host(),
                            options.tuning()),
                    new CountingMessageParserFactory(metrics), valve, config.tls().enabled() ? options.tls() : null,
                    locations::flowFor);
        } catch (javax.sip.PeerUnavailableException e) {
            throw new SipException("sip: cannot create stack: " + e.getMessage(), e);
        }
        valve.attach(stack);
        try {
            SipProvider provider = null;
            Map<String, Integer> ports = new java.util.LinkedHashMap<>();
            for (ListenAddress a : addresses) {
                ListeningPoint lp;
                try {
                    lp = stack.createListeningPoint(a.host(), a.port(), a.transport());
                } catch (javax.sip.InvalidArgumentException | javax.sip.TransportNotSupportedException e) {
                    throw new SipException("sip: cannot listen on " + a.transport() + " " + a.host() + ":" + a.port()
                            + ": " + e.getMessage(), e);
                }
                if (provider == null) {
                    provider = stack.createSipProvider(lp);
                } else {
                    provider.addListeningPoint(lp);
                }
                ports.put(a.transport().toLowerCase(Locale.ROOT), lp.getPort());
            }
            MessageFactoryImpl messageFactory = new MessageFactoryImpl();
            HeaderFactoryImpl headerFactory = new HeaderFactoryImpl();
            AddressFactoryImpl addressFactory = new AddressFactoryImpl();
            SipDispatcher dispatcher = new SipDispatcher(metrics);
            SipMessenger messenger = new SipMessenger(provider, messageFactory, headerFactory, addressFactory, metrics);
            dispatcher.attach(messenger);
            dispatcher.addFilter(new RequestValidator(headerFactory));

            NonceService nonces = new NonceService(clock, options.nonceLifetime(), new SecureRandom());
            DigestAuthenticator authenticator = new DigestAuthenticator(config.domain(), nonces, credentials,
                    headerFactory, options.md5OnlyUserAgents());
            RegistrationLockouts lockouts = new RegistrationLockouts(config.registrar(), clock);
            Registrar registrar = new Registrar(authenticator, locations, messenger, metrics, clock,
                    config.registerMinExpiresSeconds(), config.registerMaxExpiresSeconds(),
                    config.registrar().maxBindingsPerExtension(), lockouts, System::nanoTime);
            lockouts.addListener(l -> metrics.lockout());
            dispatcher.onRequest(Request.REGISTER, registrar::onRegister);
            dispatcher.onRequest(Request.OPTIONS, new OptionsHandler(messenger));
            CallAdmission admission = new CallAdmission(config.maxCalls(), options.retryAfterSeconds());
            metrics.bindGauge(GatewayMeters.SIP_REGISTRATIONS_ACTIVE, locations, locations::bindingCount);
            metrics.bindGauge(GatewayMeters.SIP_REGISTERED_EXTENSIONS, locations, locations::registeredExtensions);
            metrics.bindGauge(GatewayMeters.SIP_CALLS_ACTIVE, admission, admission::active);
            if (options.tls() != null) {
                metrics.bindCounter(GatewayMeters.SIP_TLS_CERTIFICATES_REFUSED, options.tls(), SipTls::refused);
            }

            try {
                provider.addSipListener(new SipListenerAdapter(dispatcher));
            } catch (java.util.TooManyListenersException e) {
                throw new SipException("sip: provider already has a listener", e);
            }
            stack.start();
            List<ScheduledFuture<?>> timers = new ArrayList<>();
            timers.add(locations.startExpiry(scheduler, options.expirySweepPeriod()));
            timers.add(scheduler.scheduleAtFixedRate(limiter::evictIdle, 10, 10, TimeUnit.SECONDS));
            timers.add(scheduler.scheduleAtFixedRate(nonces::forgetStale, 60, 60, TimeUnit.SECONDS));
            LOG.info("SIP endpoint listening on {} {}", config.host(), ports);
            return new SipEndpoint(stack, provider, Map.copyOf(ports), dispatcher, messenger, registrar, admission,
                    metrics, timers, valve);
        } catch (SipException | RuntimeException e) {
            stack.stop();
            throw e;
        }
    }

    /** Unique per bound address in one JVM (two endpoints cannot bind the same ports), no global counter. */
    private static String stackName(NetworkConfig.Sip config) {
        return "cti-sip-" + config.host() + "-u" + config.udpPort() + "-t" + config.tcpPort() + "-s" + config.tls().port();
    }

    static List<ListenAddress> listenAddresses(NetworkConfig.Sip config) {
        List<ListenAddress> list = new ArrayList<>();
        if (config.udpPort() > 0) {
            list.add(new ListenAddress(ListeningPoint.UDP, config.host(), config.udpPort()));
        }
        if (config.tcpPort() > 0) {
            list.add(new ListenAddress(ListeningPoint.TCP, config.host(), config.tcpPort()));
        }
        if (config.tls().enabled()) {
            list.add(new ListenAddress(ListeningPoint.TLS, config.host(), config.tls().port()));
        }
        return list;
    }

    /** Bound port of a transport ("udp", "tcp", "tls"), if that transport is open. */
    public Optional<Integer> port(String transport) {
        return Optional.ofNullable(boundPorts.get(transport.toLowerCase(Locale.ROOT)));
    }

    /** Where the B2BUA registers INVITE/ACK/BYE/CANCEL/REFER and per-dialog handlers. */
    public SipDispatcher dispatcher() { return dispatcher; }

    /** Sends responses and requests; exposes the jain-sip provider and factories. */
    public SipMessenger messenger() { return messenger; }

    public Registrar registrar() { return registrar; }

    public LocationService locations() { return registrar.locations(); }

    /** The B2BUA asks it before accepting a new INVITE dialog (503 + Retry-After when full). */
    public CallAdmission callAdmission() { return callAdmission; }

    public SipMetrics metrics() { return metrics; }

    /** The B2BUA's judgement of in-dialog request sources, applied before jain-sip's dialog layer. */
    public void dialogSourceCheck(dev.cti.gateway.sip.guard.DialogSourceCheck check) { valve.dialogSourceCheck(check); }

    /**
     * Stops timers, closes every listening socket and connection at once, then stops the rest of the stack on a
     * thread of its own: jain-sip's {@code SIPTransactionStack.stopStack} sleeps a fixed second after its timer stops,
     * which held every caller (a gateway's shutdown, each test's endpoint) for nothing once the sockets are closed.
     * Idempotent. jain-sip's UDP processor can throw a ConcurrentModificationException while it closes its channels
     * and their threads remove themselves from the same list (seen once in CI); its socket is closed by then, so the
     * stop is run again to finish the rest of the stack.
     */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        timers.forEach(t -> t.cancel(false));
        List<ListeningPoint> points = new ArrayList<>();
        stack.getListeningPoints().forEachRemaining(lp -> points.add((ListeningPoint) lp));
        for (ListeningPoint lp : points) {
            try {
                provider.removeListeningPoint(lp);
                stack.deleteListeningPoint(lp);
            } catch (javax.sip.ObjectInUseException | RuntimeException e) {
                LOG.debug("SIP listening point {} not closed before the stack's stop: {}", lp, e.toString());
            }
        }
        stack.closeAllSockets();
        Thread rest = new Thread(this::stopStack, "sip-stack-stop");
        rest.setDaemon(true);
        rest.start();
    }

    private void stopStack() {
        for (int attempt = 1; ; attempt++) {
            try {
                stack.stop();
                return;
            } catch (java.util.ConcurrentModificationException e) {
                if (attempt == 3) {
                    LOG.warn("SIP stack stop raced with its own channel threads three times; giving up: {}",
                            e.toString());
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
