package dev.cti.gateway.b2bua;

import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.config.TrunkConfig;
import dev.cti.gateway.media.MediaEngine;
import dev.cti.gateway.recording.RecordingService;
import dev.cti.link.message.AcknowledgeRecordings;
import dev.cti.link.message.DeleteRecordings;
import dev.cti.link.message.PauseRecording;
import dev.cti.link.message.ResumeRecording;
import dev.cti.gateway.media.MediaLeg;
import dev.cti.gateway.media.MediaListener;
import dev.cti.gateway.sip.SipEndpoint;
import dev.cti.gateway.sip.SipEvent;
import dev.cti.gateway.sip.guard.CallAdmission;
import dev.cti.gateway.sip.registrar.Binding;
import dev.cti.gateway.sip.registrar.RegistrationListener;
import dev.cti.link.message.Announce;
import dev.cti.link.message.AnswerCall;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.DialSource;
import dev.cti.link.message.DtmfReceived;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.HoldCall;
import dev.cti.link.message.Leg;
import dev.cti.link.message.LinkCommand;
import dev.cti.link.message.LinkEvent;
import dev.cti.link.message.Originate;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.PhoneUnregistered;
import dev.cti.link.message.RegistrationLockout;
import dev.cti.link.message.RejectReason;
import dev.cti.link.message.RequestSnapshot;
import dev.cti.link.message.SetMonitorMode;
import dev.cti.link.message.StartMonitor;
import dev.cti.link.message.StopMonitor;
import dev.cti.link.message.ResumeCall;
import dev.cti.link.message.Snapshot;
import dev.cti.link.message.Transfer;
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
import java.util.function.Predicate;
import javax.sip.InvalidArgumentException;
import javax.sip.Transaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The back-to-back user agent: turns inbound trunk INVITEs into queued calls, executes the server's commands
 * (deliver, hang up, transfer, announce) and reports what happens as CTI link events. It plugs into the SIP
 * endpoint's dispatcher as the handler of the dialog methods and routes every SIP, media and command event to the
 * call it belongs to (by SIP Call-ID, RTP leg or call id), on that call's own serial executor.
 *
 * <p>Public API for the gateway wiring: {@link #install()}, {@link #onCommand} (the LinkClient's command handler),
 * {@link #snapshot()} (the LinkClient's snapshot supplier), {@link #mediaListener()} and {@link #shutdown}.
 */
public final class B2bua implements RegistrationListener {
    private static final Logger LOG = LoggerFactory.getLogger(B2bua.class);

    private final SipEndpoint endpoint;
    private final CtiConfig config;
    private final Clock clock;
    private final Executor pool;
    private final CallServices services;
    private final B2buaMetrics metrics;
    private final InDialogGuard dialogs;
    private final DialPolicy dialPolicy;
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Map<String, Call> bySipCallId = new ConcurrentHashMap<>();
    /** The leg of each SIP Call-ID, for the ingress valve's source check (jain-sip threads). */
    private final Map<String, SipLeg> legBySipCallId = new ConcurrentHashMap<>();
    private final Map<Long, Call> byMediaLeg = new ConcurrentHashMap<>();
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
        this.dialPolicy = new DialPolicy(config, metrics, sink, clock);
        this.services = new CallServices(sip, media, config.network().rtp().host(), prompts, endpoint.locations(),
                config, config.network().sip().domain(), clock, timers, sink, metrics,
                new DirectoryImpl(), new java.security.SecureRandom(), recordings, dialPolicy);
        this.dialogs = new InDialogGuard(services);
    }

    /** Registers the dialog-method handlers with the SIP dispatcher and listens to phone registrations. */
    public void install() {
        var d = endpoint.dispatcher();
        d.onRequest(Request.INVITE, this::onInvite);
        for (String m : List.of(Request.ACK, Request.BYE, Request.CANCEL, Request.REFER, Request.NOTIFY,
                Request.INFO, "UPDATE")) {
            d.onRequest(m, this::onInDialogRequest);
        }
        for (String m : List.of(Request.INVITE, Request.BYE, Request.CANCEL, Request.NOTIFY)) {
            d.onResponse(m, this::onResponse);
        }
        d.onOtherEvents(this::onOther);
        endpoint.dialogSourceCheck(this::foreignSource);
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
        return new MediaListener() {
            @Override
            public void onDtmf(MediaLeg leg, char digit) {
                Call call = byMediaLeg.get(leg.id());
                if (call != null) {
                    call.executor.execute(() -> {
                        SipLeg l = call.legs.stream().filter(x -> x.media == leg).findFirst().orElse(null);
                        if (l != null && (l == call.caller || l == call.agent) && call.view() != null) {
                            call.emit(new DtmfReceived(call.id, l == call.caller ? Leg.CALLER : Leg.AGENT,
                                    String.valueOf(digit), clock.millis()));
                        }
                    });
                }
            }

            @Override
            public void onInactive(MediaLeg leg, Duration silentFor) {
                Call call = byMediaLeg.get(leg.id());
                if (call != null) {
                    call.executor.execute(() -> call.onMediaInactive(leg));
                }
            }
        };
    }

    // ------------------------------------------------------------------ SIP

    private void onInvite(SipEvent.RequestReceived event) {
        Request request = event.request();
        String sipCallId = SipSupport.callId(request);
        Call existing = bySipCallId.get(sipCallId);
        if (existing != null) {
            toCall(existing, sipCallId, call -> {
                SipLeg leg = call.legFor(sipCallId);
                if (leg != null && SipSupport.hasToTag(request)) {
                    if (dialogs.admit(call, leg, event)) {
                        call.onRequest(leg, event);
                    }
                } // else: a retransmission of the initial INVITE, absorbed
            });
            return;
        }
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
        Optional<QueueConfig> queue = dialled == null ? Optional.empty() : config.queueForNumber(dialled);
        if (queue.isEmpty()) {
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
        Call call = new Call(callIdPrefix + nextCall.incrementAndGet(), new SerialExecutor(pool), services,
                queue.get(), SipSupport.fromUser(request), dialled, trunkId, permit, CallPhase.ANSWERING);
        Call raced = bySipCallId.putIfAbsent(sipCallId, call);
        if (raced != null) {
            permit.close(); // the same INVITE twice at once: the first one wins
            return;
        }
        calls.put(call.id, call);
        call.executor.execute(() -> call.startInbound(event));
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

    /** The ingress valve's question, on a jain-sip thread: is this dialog's request from a host its peer never uses? */
    private boolean foreignSource(String sipCallId, String method, java.net.InetAddress source) {
        Call call = bySipCallId.get(sipCallId);
        SipLeg leg = legBySipCallId.get(sipCallId);
        if (call == null || leg == null) {
            return false; // not ours: answered 481 further on anyway
        }
        return !dialogs.fromPeer(call, leg, source, method);
    }

    private void onInDialogRequest(SipEvent.RequestReceived event) {
        String sipCallId = SipSupport.callId(event.request());
        Call call = sipCallId == null ? null : bySipCallId.get(sipCallId);
        if (call == null) {
            if (!Request.ACK.equals(event.method())) {
                endpoint.messenger().respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            }
            return;
        }
        toCall(call, sipCallId, c -> {
            SipLeg leg = c.legFor(sipCallId);
            if (leg != null) {
                if (dialogs.admit(c, leg, event)) {
                    c.onRequest(leg, event);
                }
            } else if (!Request.ACK.equals(event.method())) {
                endpoint.messenger().respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            }
        });
    }

    private void onResponse(SipEvent.ResponseReceived event) {
        String sipCallId = SipSupport.callId(event.response());
        Call call = sipCallId == null ? null : bySipCallId.get(sipCallId);
        if (call == null) {
            LOG.debug("response {} to {} for no live call", event.status(), event.method());
            return;
        }
        toCall(call, sipCallId, c -> {
            SipLeg leg = c.legFor(sipCallId);
            if (leg != null) {
                c.onResponse(leg, event);
            }
        });
    }

    private void onOther(SipEvent event) {
        if (event instanceof SipEvent.TransactionTimedOut timeout && timeout.raw() != null) {
            Transaction tx = timeout.serverSide() ? timeout.raw().getServerTransaction()
                    : timeout.raw().getClientTransaction();
            String sipCallId = tx == null || tx.getRequest() == null ? null : SipSupport.callId(tx.getRequest());
            Call call = sipCallId == null ? null : bySipCallId.get(sipCallId);
            if (call != null) {
                toCall(call, sipCallId, c -> {
                    SipLeg leg = c.legFor(sipCallId);
                    if (leg != null) {
                        c.onTimeout(leg, timeout);
                    }
                });
            }
        }
    }

    private static void toCall(Call call, String sipCallId, Consumer<Call> action) {
        call.executor.execute(() -> action.accept(call));
    }

    // ------------------------------------------------------------------ link

    /** The LinkClient's command handler. Results come back as events; refusals as CommandRejected. */
    public void onCommand(long seq, LinkCommand command) {
        if (command instanceof DeliverToAgent d) {
            withCall(seq, "DeliverToAgent", d.callId(),
                    c -> c.delivery.deliver(d.agentId(), d.extension(), d.ringTimeoutSeconds()));
        } else if (command instanceof HangUp h) {
            withCall(seq, "HangUp", h.callId(), c -> {
                c.hangUp(h.cause());
                return true;
            });
        } else if (command instanceof Transfer t) {
            Call target = calls.get(t.callId());
            Snapshot.CallSnapshot view = target == null ? null : target.view();
            if (t.kind() == dev.cti.link.message.TargetKind.NUMBER && target != null && refusedDial(seq, "Transfer",
                    t.callId(), view == null ? null : view.agentId(), t.target(), DialSource.TRANSFER)) {
                return;
            }
            withCall(seq, "Transfer", t.callId(), c -> c.transfers.transfer(t.kind(), t.target()));
        } else if (command instanceof Announce a) {
            withCall(seq, "Announce", a.callId(), c -> {
                c.announce(a.position(), a.estimatedWaitSeconds());
                return true;
            });
        } else if (command instanceof HoldCall hc) {
            withCall(seq, "HoldCall", hc.callId(), c -> c.holds.hold());
        } else if (command instanceof ResumeCall rc) {
            withCall(seq, "ResumeCall", rc.callId(), c -> c.holds.resume());
        } else if (command instanceof AnswerCall ac) {
            withCall(seq, "AnswerCall", ac.callId(), c -> c.remoteAnswer.request(seq));
        } else if (command instanceof StartMonitor m) {
            startMonitor(seq, m);
        } else if (command instanceof SetMonitorMode m) {
            withCall(seq, "SetMonitorMode", m.callId(), c -> c.monitor.setMode(m.monitorId(), m.mode()));
        } else if (command instanceof StopMonitor m) {
            withCall(seq, "StopMonitor", m.callId(), c -> c.monitor.stop(m.monitorId()));
        } else if (command instanceof Originate o) {
            originate(seq, o);
        } else if (command instanceof PauseRecording p) {
            withRecording(seq, "PauseRecording", p.callId(), c -> c.recorder.pause(p.user()));
        } else if (command instanceof ResumeRecording r) {
            withRecording(seq, "ResumeRecording", r.callId(), c -> c.recorder.resume(r.user()));
        } else if (command instanceof AcknowledgeRecordings a) {
            if (services.recordings() != null) {
                services.recordings().acknowledge(a.recordingIds());
            }
        } else if (command instanceof DeleteRecordings d) {
            if (services.recordings() != null) {
                services.recordings().delete(d.requestId(), d.recordingIds());
            } else {
                reject(seq, "DeleteRecordings", null, RejectReason.UNSUPPORTED);
            }
        } else if (!(command instanceof RequestSnapshot)) {
            LOG.warn("unknown command {}", command.getClass().getSimpleName());
        }
    }

    /** StartMonitor: the supervisor's extension must be a configured seat with a registered phone. */
    private void startMonitor(long seq, StartMonitor m) {
        if (calls.containsKey(m.callId()) && (config.agentByExtension(m.extension()).isEmpty()
                || !endpoint.locations().isRegistered(m.extension()))) {
            reject(seq, "StartMonitor", m.callId(), RejectReason.UNKNOWN_EXTENSION);
            return;
        }
        withCall(seq, "StartMonitor", m.callId(), c -> c.monitor.start(m));
    }

    /**
     * The dial plan again, for a number the server commands us to dial (it checked already; both read the same
     * configuration, so this refuses only when they disagree): a refusal is reported (DialRefused) and the command
     * rejected NOT_ALLOWED.
     */
    private boolean refusedDial(long seq, String type, String callId, String agentId, String number,
                                DialSource source) {
        Optional<dev.cti.link.message.DialRefusal> refusal = dialPolicy.numberRefusal(number);
        if (refusal.isEmpty()) {
            return false;
        }
        dialPolicy.refused(callId, agentId, null, source, number, refusal.get());
        reject(seq, type, callId, RejectReason.NOT_ALLOWED);
        return true;
    }

    private void originate(long seq, Originate o) {
        if (draining) {
            reject(seq, "Originate", null, RejectReason.CAPACITY); // the gateway is stopping: no new call
            return;
        }
        if (refusedDial(seq, "Originate", null, o.agentId(), o.number(), DialSource.ORIGINATE)) {
            return;
        }
        if (config.agentByExtension(o.extension()).isEmpty() || !endpoint.locations().isRegistered(o.extension())) {
            reject(seq, "Originate", null, RejectReason.UNKNOWN_EXTENSION); // unknown, or no phone registered
            return;
        }
        CallAdmission.Permit permit = endpoint.callAdmission().tryAdmit();
        if (permit == null) {
            reject(seq, "Originate", null, RejectReason.CAPACITY);
            return;
        }
        String trunkId = config.trunks().isEmpty() ? "trunk" : config.trunks().get(0).id();
        Call call = new Call(callIdPrefix + nextCall.incrementAndGet(), new SerialExecutor(pool), services, null,
                o.number(), o.number(), trunkId, permit, CallPhase.ORIGINATING);
        calls.put(call.id, call);
        call.executor.execute(() -> call.originate.start(o.requestId(), o.agentId(), o.extension(), o.number()));
    }

    private void withCall(long seq, String type, String callId, Predicate<Call> action) {
        Call call = calls.get(callId);
        if (call == null) {
            reject(seq, type, callId, RejectReason.UNKNOWN_CALL);
            return;
        }
        call.executor.execute(() -> {
            if (!action.test(call)) {
                LOG.info("{} refused for call {} in {}", type, callId, call.phase());
                reject(seq, type, callId, RejectReason.INVALID_STATE);
            }
        });
    }

    /** A recording command: the action answers null when done, or why it refuses. */
    private void withRecording(long seq, String type, String callId,
                               java.util.function.Function<Call, RejectReason> action) {
        Call call = calls.get(callId);
        if (call == null) {
            reject(seq, type, callId, RejectReason.UNKNOWN_CALL);
            return;
        }
        call.executor.execute(() -> {
            RejectReason refused = action.apply(call);
            if (refused != null) {
                LOG.info("{} refused for call {}: {}", type, callId, refused);
                reject(seq, type, callId, refused);
            }
        });
    }

    private void reject(long seq, String type, String callId, RejectReason reason) {
        metrics.commandRejected(type);
        services.events().accept(new CommandRejected(seq, type, callId, reason, clock.millis()));
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
            c.executor.execute(() -> c.end(dev.cti.link.message.ClearCause.SERVER_HANGUP, null));
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

    private final class DirectoryImpl implements CallServices.Directory {
        @Override
        public void bindSip(String sipCallId, Call call, SipLeg leg) {
            bySipCallId.put(sipCallId, call);
            legBySipCallId.put(sipCallId, leg);
        }

        @Override
        public void unbindSip(String sipCallId) {
            bySipCallId.remove(sipCallId);
            legBySipCallId.remove(sipCallId);
        }

        @Override
        public void bindMedia(MediaLeg leg, Call call) {
            byMediaLeg.put(leg.id(), call);
        }

        @Override
        public void unbindMedia(MediaLeg leg) {
            byMediaLeg.remove(leg.id());
        }

        @Override
        public void removed(Call call) {
            calls.remove(call.id, call);
            if (calls.isEmpty()) {
                synchronized (noCalls) {
                    noCalls.notifyAll();
                }
            }
            bySipCallId.values().removeIf(c -> c == call);
            call.legs.forEach(l -> legBySipCallId.remove(l.callId, l));
            byMediaLeg.values().removeIf(c -> c == call);
        }
    }
}
