package dev.cti.gateway.b2bua;

import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.config.TrunkConfig;
import dev.cti.gateway.media.MediaEngine;
import dev.cti.gateway.media.MediaListener;
import dev.cti.gateway.recording.RecordingService;
import dev.cti.gateway.sip.SipEndpoint;
import dev.cti.gateway.sip.SipEvent;
import dev.cti.gateway.sip.guard.CallAdmission;
import dev.cti.gateway.sip.registrar.Binding;
import dev.cti.gateway.sip.registrar.RegistrationListener;
import dev.cti.link.message.LinkCommand;
import dev.cti.link.message.LinkEvent;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.PhoneUnregistered;
import dev.cti.link.message.RegistrationLockout;
import dev.cti.link.message.Snapshot;
import dev.cti.link.message.UnregisterReason;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sip.InvalidArgumentException;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The back-to-back user agent: turns inbound trunk INVITEs into queued calls, executes the server's commands
 * ({@link LinkCommands}: deliver, hang up, transfer, announce, monitor, originate, recording) and reports what
 * happens as CTI link events. It plugs into the SIP endpoint's dispatcher as the handler of the dialog methods: a
 * new INVITE is admitted here, everything within a dialog and every media event goes through {@link CallRouter}
 * to the call it belongs to (by SIP Call-ID or RTP leg), on that call's own serial executor.
 *
 * <p>Public API for the gateway wiring: {@link #install()}, {@link #onCommand} (the LinkClient's command handler),
 * {@link #snapshot()} (the LinkClient's snapshot supplier), {@link #mediaListener()} and {@link #shutdown}.
 */
public final class B2bua implements RegistrationListener {

    private final SipEndpoint endpoint;
    private final CtiConfig config;
    private final Clock clock;
    private final Executor pool;
    private final CallServices services;
    private final B2buaMetrics metrics;
    private final CallRouter router;
    private final LinkCommands commands;
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final AtomicLong nextCall = new AtomicLong();
    /** Set by {@link #drain()}: new calls are refused, calls in progress go on. */
    private volatile boolean draining;
    private final Object noCalls = new Object();
    private final String callIdPrefix;

    /**
     * @param pool   threads the calls' serial executors run on (never a Netty/Vert.x event loop: SIP sends may
     *               block briefly on TCP)
     * @param events where link events go ({@code LinkClient::emit})
     */
    public B2bua(SipEndpoint endpoint, MediaEngine media, CtiConfig config, PromptLibrary prompts, Clock clock,
                 ScheduledExecutorService timers, Executor pool, Consumer<LinkEvent> events, MeterRegistry registry,
                 RecordingService recordings) {
        this.endpoint = endpoint;
        this.config = config;
        this.clock = clock;
        this.pool = pool;
        this.metrics = new B2buaMetrics(registry, calls::size);
        this.callIdPrefix = "c-" + Long.toString(clock.millis(), 36) + "-";
        SipSupport sip = new SipSupport(endpoint.messenger(), config.network().sip().host(),
                config.network().sip().domain());
        Consumer<LinkEvent> sink = Objects.requireNonNull(events);
        DialPolicy dialPolicy = new DialPolicy(config, metrics, sink, clock);
        this.services = new CallServices(sip, media, config.network().rtp().host(), prompts, endpoint.locations(),
                config, config.network().sip().domain(), clock, timers, sink, metrics,
                router = new CallRouter(endpoint.messenger(), this::removed), new java.security.SecureRandom(),
                recordings, dialPolicy);
        router.guardWith(new InDialogGuard(services));
        this.commands = new LinkCommands(calls, services, endpoint, this::newCall, () -> draining);
    }

    /** Registers the dialog-method handlers with the SIP dispatcher and listens to phone registrations. */
    public void install() {
        var d = endpoint.dispatcher();
        d.onRequest(Request.INVITE, this::onInvite);
        for (String m : List.of(Request.ACK, Request.BYE, Request.CANCEL, Request.REFER, Request.NOTIFY,
                Request.INFO, "UPDATE")) {
            d.onRequest(m, router::onInDialogRequest);
        }
        for (String m : List.of(Request.INVITE, Request.BYE, Request.CANCEL, Request.NOTIFY)) {
            d.onResponse(m, router::onResponse);
        }
        d.onOtherEvents(router::onOther);
        endpoint.dialogSourceCheck(router::foreignSource);
        endpoint.locations().addListener(this);
        endpoint.registrar().lockouts().addListener(l -> services.events().accept(new RegistrationLockout(
                l.extension(), l.failures(), l.source(), l.until().toEpochMilli(), clock.millis())));
    }

    public B2buaMetrics metrics() {
        return metrics;
    }

    public int liveCalls() {
        return calls.size();
    }

    /** Forward the media engine's listener here (DTMF, RTP inactivity). */
    public MediaListener mediaListener() {
        return router.mediaListener();
    }

    // ------------------------------------------------------------------ SIP

    private void onInvite(SipEvent.RequestReceived event) {
        if (router.routeInvite(event)) {
            return; // a re-INVITE or a retransmission
        }
        Request request = event.request();
        var messenger = endpoint.messenger();
        if (SipSupport.hasToTag(request)) {
            messenger.respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        Optional<TrunkConfig> trunk = trunkFor(sourceAddress(event));
        if (trunk.isEmpty()) {
            // Customer calls come only from a configured trunk (host or allowFrom): no toll fraud via the queue.
            metrics.callRefused("untrusted_source");
            messenger.respond(event, Response.FORBIDDEN);
            return;
        }
        String dialled = SipSupport.requestUser(request);
        // a number reaches a queue or a menu (the configuration checked); a queue with business hours is reached
        // through them, run by the server as a menu without a prompt (MenuConfig.forQueueHours)
        Optional<dev.cti.config.MenuConfig> menu = dialled == null ? Optional.empty() : config.menuForNumber(dialled);
        Optional<QueueConfig> queue = dialled == null || menu.isPresent() ? Optional.empty()
                : config.queueForNumber(dialled);
        if (queue.isEmpty() && menu.isEmpty()) {
            metrics.callRefused("unknown_number");
            messenger.respond(event, Response.NOT_FOUND);
            return;
        }
        CallAdmission admission = endpoint.callAdmission();
        if (draining) {
            // the gateway is stopping: the trunk retries (elsewhere, or here once it is back)
            metrics.callRefused("draining");
            messenger.respond(event, Response.SERVICE_UNAVAILABLE, r -> {
                try {
                    r.addHeader(messenger.headerFactory().createRetryAfterHeader(admission.retryAfterSeconds()));
                } catch (InvalidArgumentException e) {
                    throw new IllegalStateException(e);
                }
            });
            return;
        }
        CallAdmission.Permit permit = admission.tryAdmit();
        if (permit == null) {
            metrics.callRefused("max_calls");
            messenger.respond(event, Response.SERVICE_UNAVAILABLE, r -> {
                try {
                    r.addHeader(messenger.headerFactory().createRetryAfterHeader(admission.retryAfterSeconds()));
                } catch (InvalidArgumentException e) {
                    throw new IllegalStateException(e);
                }
            });
            return;
        }
        String trunkId = trunk.get().id();
        Call call = newCall(queue.orElse(null), SipSupport.fromUser(request), dialled, trunkId, permit,
                CallPhase.ANSWERING);
        if (!router.claim(SipSupport.callId(request), call)) {
            permit.close(); // the same INVITE twice at once: the first one wins
            return;
        }
        calls.put(call.id(), call);
        call.executor().execute(() -> {
            menu.ifPresent(m -> call.menu().arrivedFor(m.id()));
            call.inbound().start(event);
        });
    }

    /** The packet's source address as the transport saw it (not what the Via claims). */
    private static String sourceAddress(SipEvent.RequestReceived event) {
        if (event.request() instanceof gov.nist.javax.sip.message.SIPMessage m && m.getRemoteAddress() != null) {
            return m.getRemoteAddress().getHostAddress();
        }
        return null;
    }

    private Optional<TrunkConfig> trunkFor(String source) {
        if (source == null) {
            return Optional.empty();
        }
        return config.trunks().stream()
                .filter(t -> t.host().equals(source) || t.allowFrom().contains(source))
                .findFirst();
    }

    // ------------------------------------------------------------------ link

    /** The LinkClient's command handler. Results come back as events; refusals as CommandRejected. */
    public void onCommand(long seq, LinkCommand command) {
        commands.onCommand(seq, command);
    }

    /** The LinkClient's snapshot: every live call the server should know about and every registered phone. */
    public Snapshot snapshot() {
        List<Snapshot.CallSnapshot> list = new ArrayList<>();
        for (Call c : calls.values()) {
            Snapshot.CallSnapshot v = c.view();
            if (v != null) {
                list.add(v);
            }
        }
        List<Snapshot.Registration> registrations = new ArrayList<>();
        for (AgentConfig a : config.agents()) {
            for (Binding b : endpoint.locations().bindings(a.extension())) {
                registrations.add(new Snapshot.Registration(a.extension(), b.contact(), b.expiresAt().toEpochMilli()));
            }
        }
        return new Snapshot(list, registrations, clock.millis());
    }

    @Override
    public void phoneRegistered(String extension, List<Binding> bindings) {
        Binding b = bindings.get(bindings.size() - 1);
        services.events().accept(new PhoneRegistered(extension, b.contact(),
                (int) Math.min(Integer.MAX_VALUE, b.secondsLeft(clock.instant())), clock.millis()));
    }

    @Override
    public void phoneUnregistered(String extension, Cause cause) {
        services.events().accept(new PhoneUnregistered(extension,
                cause == Cause.EXPIRED ? UnregisterReason.EXPIRED : UnregisterReason.REMOVED, clock.millis()));
    }

    /**
     * Starts draining: from now on new inbound calls get 503 with Retry-After and {@code Originate} is refused
     * ({@code CAPACITY}); calls in progress (queued, ringing, connected, held, transferring) go on and are still
     * routed by the server. Idempotent.
     */
    public void drain() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }

    /** Waits until no call is left, at most {@code wait}; true when none is. */
    public boolean awaitNoCalls(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (noCalls) {
            while (!calls.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                noCalls.wait(Math.max(1, Math.min(left / 1_000_000, 1000)));
            }
        }
        return true;
    }

    /**
     * Ends every live call (BYE/CANCEL each leg, release media) and waits up to {@code wait} for them to go.
     * For a clean stop: call before stopping the SIP endpoint and the media engine.
     */
    public void shutdown(Duration wait) {
        for (Call c : List.copyOf(calls.values())) {
            c.executor().execute(() -> c.end(dev.cti.link.message.ClearCause.SERVER_HANGUP, null));
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (!calls.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Call newCall(QueueConfig queue, String callerNumber, String dialledNumber, String trunkId,
                         CallAdmission.Permit permit, CallPhase initial) {
        return new Call(callIdPrefix + nextCall.incrementAndGet(), new SerialExecutor(pool), services, queue,
                callerNumber, dialledNumber, trunkId, permit, initial);
    }

    /** The router forgot a call that ended; the drain waits for the last one. */
    private void removed(Call call) {
        calls.remove(call.id(), call);
        if (calls.isEmpty()) {
            synchronized (noCalls) {
                noCalls.notifyAll();
            }
        }
    }
}
