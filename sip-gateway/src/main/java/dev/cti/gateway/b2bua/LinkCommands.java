package dev.cti.gateway.b2bua;

import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.gateway.sip.SipEndpoint;
import dev.cti.gateway.sip.guard.CallAdmission;
import dev.cti.link.message.AcknowledgeRecordings;
import dev.cti.link.message.Announce;
import dev.cti.link.message.AnswerCall;
import dev.cti.link.message.CancelConsult;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.CompleteConsult;
import dev.cti.link.message.Conference;
import dev.cti.link.message.Consult;
import dev.cti.link.message.DeleteRecordings;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.DialSource;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.HoldCall;
import dev.cti.link.message.LinkCommand;
import dev.cti.link.message.Originate;
import dev.cti.link.message.PauseRecording;
import dev.cti.link.message.RejectReason;
import dev.cti.link.message.RequestSnapshot;
import dev.cti.link.message.ResumeCall;
import dev.cti.link.message.ResumeRecording;
import dev.cti.link.message.SetMonitorMode;
import dev.cti.link.message.Snapshot;
import dev.cti.link.message.StartMonitor;
import dev.cti.link.message.StopMonitor;
import dev.cti.link.message.Transfer;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's commands to the B2BUA: each is checked against the live calls (UNKNOWN_CALL), the registrar
 * (UNKNOWN_EXTENSION), the dial plan (NOT_ALLOWED) and call admission (CAPACITY), then executed on its call's
 * executor by the part that owns it; a refusal there (false: INVALID_STATE, or a recording's reason) comes back as
 * {@code CommandRejected}. Runs on the link's thread until the hop; creates originated calls through the B2BUA.
 */
final class LinkCommands {
    private static final Logger LOG = LoggerFactory.getLogger(B2bua.class); // the lines operators know as the B2BUA's

    /** Makes a new call (id, executor, services) in its first phase; the caller registers it as live. */
    interface CallFactory {
        Call create(QueueConfig queue, String callerNumber, String dialledNumber, String trunkId,
                    CallAdmission.Permit permit, CallPhase initial);
    }

    private final Map<String, Call> calls;
    private final CallServices services;
    private final SipEndpoint endpoint;
    private final CtiConfig config;
    private final DialPolicy dialPolicy;
    private final B2buaMetrics metrics;
    private final Clock clock;
    private final CallFactory newCall;
    private final BooleanSupplier draining;

    /** @param draining whether the B2BUA drains (no new call: Originate is refused CAPACITY) */
    LinkCommands(Map<String, Call> calls, CallServices services, SipEndpoint endpoint, CallFactory newCall,
                 BooleanSupplier draining) {
        this.calls = calls;
        this.services = services;
        this.endpoint = endpoint;
        this.config = services.config();
        this.dialPolicy = services.dialPolicy();
        this.metrics = services.metrics();
        this.clock = services.clock();
        this.newCall = newCall;
        this.draining = draining;
    }

    /** The LinkClient's command handler. Results come back as events; refusals as CommandRejected. */
    void onCommand(long seq, LinkCommand command) {
        if (command instanceof DeliverToAgent d) {
            withCall(seq, "DeliverToAgent", d.callId(),
                    c -> c.delivery().deliver(d.agentId(), d.extension(), d.ringTimeoutSeconds()));
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
            withCall(seq, "Transfer", t.callId(), c -> c.transfers().transfer(t.kind(), t.target()));
        } else if (command instanceof Announce a) {
            withCall(seq, "Announce", a.callId(), c -> {
                c.announce(a.position(), a.estimatedWaitSeconds(), a.offersCallback());
                return true;
            });
        } else if (command instanceof dev.cti.link.message.PlayPrompts p) {
            var prompts = services.prompts().menu(p.prompts());
            if (prompts.isEmpty()) {
                LOG.warn("PlayPrompts for call {} names a file no menu has", p.callId());
                reject(seq, "PlayPrompts", p.callId(), RejectReason.NOT_ALLOWED);
            } else {
                withCall(seq, "PlayPrompts", p.callId(), c -> c.menu().play(p.playId(), prompts.get(), p.prompts()));
            }
        } else if (command instanceof dev.cti.link.message.RouteToQueue r) {
            Optional<QueueConfig> queue = config.queue(r.queueId());
            if (queue.isEmpty()) {
                reject(seq, "RouteToQueue", r.callId(), RejectReason.INVALID_STATE);
            } else {
                withCall(seq, "RouteToQueue", r.callId(), c -> c.menu().route(queue.get()));
            }
        } else if (command instanceof HoldCall hc) {
            withCall(seq, "HoldCall", hc.callId(), c -> c.holds().hold());
        } else if (command instanceof ResumeCall rc) {
            withCall(seq, "ResumeCall", rc.callId(), c -> c.holds().resume());
        } else if (command instanceof AnswerCall ac) {
            withCall(seq, "AnswerCall", ac.callId(), c -> c.remoteAnswer().request(seq));
        } else if (command instanceof StartMonitor m) {
            startMonitor(seq, m);
        } else if (command instanceof SetMonitorMode m) {
            withCall(seq, "SetMonitorMode", m.callId(), c -> c.monitor().setMode(m.monitorId(), m.mode()));
        } else if (command instanceof StopMonitor m) {
            withCall(seq, "StopMonitor", m.callId(), c -> c.monitor().stop(m.monitorId()));
        } else if (command instanceof Consult c) {
            consult(seq, c);
        } else if (command instanceof CompleteConsult c) {
            withCall(seq, "CompleteConsult", c.callId(), call -> call.consult().complete());
        } else if (command instanceof CancelConsult c) {
            withCall(seq, "CancelConsult", c.callId(), call -> call.consult().cancel());
        } else if (command instanceof Conference c) {
            withCall(seq, "Conference", c.callId(), call -> call.consult().conference());
        } else if (command instanceof Originate o) {
            originate(seq, o);
        } else if (command instanceof PauseRecording p) {
            withRecording(seq, "PauseRecording", p.callId(), c -> c.recorder().pause(p.user()));
        } else if (command instanceof ResumeRecording r) {
            withRecording(seq, "ResumeRecording", r.callId(), c -> c.recorder().resume(r.user()));
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
        withCall(seq, "StartMonitor", m.callId(), c -> c.monitor().start(m));
    }

    /**
     * Consult: an agent's extension must be a configured seat with a registered phone; a number passes the dial plan;
     * a queue waited in must be configured (else INVALID_STATE from the call).
     */
    private void consult(long seq, Consult c) {
        Call call = calls.get(c.callId());
        if (call != null && c.extension() != null && (config.agentByExtension(c.extension()).isEmpty()
                || !endpoint.locations().isRegistered(c.extension()))) {
            reject(seq, "Consult", c.callId(), RejectReason.UNKNOWN_EXTENSION);
            return;
        }
        Snapshot.CallSnapshot view = call == null ? null : call.view();
        if (call != null && c.number() != null && refusedDial(seq, "Consult", c.callId(),
                view == null ? null : view.agentId(), c.number(), DialSource.TRANSFER)) {
            return;
        }
        withCall(seq, "Consult", c.callId(), target -> target.consult().start(c));
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
        if (draining.getAsBoolean()) {
            reject(seq, "Originate", null, RejectReason.CAPACITY); // the gateway is stopping: no new call
            return;
        }
        if (!o.internal() && refusedDial(seq, "Originate", null, o.agentId(), o.number(), DialSource.ORIGINATE)) {
            return;
        }
        if (!seatReachable(o.extension()) || o.internal() && (!seatReachable(o.targetExtension())
                || o.targetExtension().equals(o.extension()))) {
            reject(seq, "Originate", null, RejectReason.UNKNOWN_EXTENSION); // unknown, or no phone registered
            return;
        }
        CallAdmission.Permit permit = endpoint.callAdmission().tryAdmit();
        if (permit == null) {
            reject(seq, "Originate", null, RejectReason.CAPACITY);
            return;
        }
        String trunkId = config.trunks().isEmpty() ? "trunk" : config.trunks().get(0).id();
        // an internal call's far end is the colleague's extension, where an outbound call's is the number
        String far = o.internal() ? o.targetExtension() : o.number();
        Call call = newCall.create(null, far, far, trunkId, permit, CallPhase.ORIGINATING);
        calls.put(call.id(), call);
        call.executor().execute(() -> call.originate().start(o));
    }

    /** Whether {@code extension} is a configured seat's with a registered phone. */
    private boolean seatReachable(String extension) {
        return config.agentByExtension(extension).isPresent() && endpoint.locations().isRegistered(extension);
    }

    private void withCall(long seq, String type, String callId, Predicate<Call> action) {
        Call call = calls.get(callId);
        if (call == null) {
            reject(seq, type, callId, RejectReason.UNKNOWN_CALL);
            return;
        }
        call.executor().execute(() -> {
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
        call.executor().execute(() -> {
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

}
