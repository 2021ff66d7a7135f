package dev.cti.gateway.b2bua;

import dev.cti.config.QueueConfig;
import dev.cti.gateway.media.MediaLeg;
import dev.cti.gateway.media.sdp.MediaSecurity;
import dev.cti.gateway.media.sdp.SdpNegotiator;
import dev.cti.gateway.sip.guard.CallAdmission;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.RingFailureReason;
import dev.cti.link.message.Snapshot;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.statemachine.StateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import javax.sip.SipException;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One customer call, the context every part of it works in: the caller's leg, at most one agent leg being rung or
 * connected, (after a blind transfer to a number) an external leg and (while monitored) a supervisor's leg; the
 * call's state machine ({@link CallTransitions}) and each leg's ({@link LegTransitions}); the services, the
 * snapshot view, and the ending of the call and of single legs. Its parts: {@link CallInbound} (the customer's
 * INVITE), {@link LegDialer} (every leg we dial), {@link CallDialogs} (in-dialog routing: requests, responses and
 * timeouts, the INVITE outcomes to each leg's {@link LegOwner}), the owners {@link CallDelivery},
 * {@link CallOriginate}, {@link CallTransfers} and {@link CallMonitor}, and the features (holds, re-INVITEs, session
 * timers, recording, remote answer, trunk challenges). Every method runs on the call's {@link SerialExecutor} (the
 * B2BUA hops there before calling in), so nothing here needs a lock.
 */
final class Call {
    private static final Logger LOG = LoggerFactory.getLogger(Call.class);
    /** RFC 4028 422 Session Interval Too Small (jain-sip has no constant for it). */
    static final int SESSION_INTERVAL_TOO_SMALL = 422;

    final String id;
    final Executor executor;
    final CallServices s;
    final StateMachine<CallPhase, CallTrigger> fsm;
    final List<SipLeg> legs = new ArrayList<>();
    final CallDialogs dialogs;
    final LegDialer dialer;
    final CallInbound inbound;
    final CallTransfers transfers;
    final CallSessionTimers sessions;
    final CallReInvites reInvites;
    final CallDelivery delivery;
    final CallOriginate originate;
    final CallMonitor monitor;
    final CallHolds holds;
    final CallRemoteAnswer remoteAnswer;
    final CallRecorder recorder;
    final TrunkChallenges trunkAuth;
    private final CallAdmission.Permit permit;

    QueueConfig queue;
    final String callerNumber;
    final String dialledNumber;
    final String trunkId;
    final long startedAt;
    Long answeredAt;
    Long heldAt;
    SipLeg caller;
    /** The agent leg being rung or connected; null while queued. */
    SipLeg agent;
    /** The server knows the call (snapshot, CallCleared): after our 200 to the caller, or from an Originate. */
    private boolean offered;
    private boolean cleared;
    private volatile Snapshot.CallSnapshot view;

    Call(String id, Executor executor, CallServices services, QueueConfig queue, String callerNumber,
         String dialledNumber, String trunkId, CallAdmission.Permit permit, CallPhase initial) {
        this.id = id;
        // A bug in one handler must not leave the call half-alive: log it, count it and end the call.
        this.executor = task -> executor.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("call {}: handler failed, ending the call", id, e);
                services.metrics().callError();
                end(ClearCause.FAILED, null);
            }
        });
        this.s = services;
        this.queue = queue;
        this.callerNumber = callerNumber;
        this.dialledNumber = dialledNumber;
        this.trunkId = trunkId;
        this.permit = permit;
        this.startedAt = services.clock().millis();
        this.fsm = new StateMachine<>(CallTransitions.TABLE, initial, (state, trigger) -> {
            LOG.warn("call {}: {} not expected in {}", id, trigger, state);
            services.metrics().unexpected("call", state, trigger);
        });
        this.dialogs = new CallDialogs(this);
        this.dialer = new LegDialer(this);
        this.inbound = new CallInbound(this);
        this.transfers = new CallTransfers(this);
        this.sessions = new CallSessionTimers(this);
        this.reInvites = new CallReInvites(this);
        this.delivery = new CallDelivery(this);
        this.originate = new CallOriginate(this);
        this.monitor = new CallMonitor(this); // follows fsm's hold changes
        this.recorder = new CallRecorder(this); // so does the recording (hold spans)
        this.holds = new CallHolds(this);
        this.remoteAnswer = new CallRemoteAnswer(this);
        this.trunkAuth = new TrunkChallenges(this);
        publishView();
    }

    SipLeg newLeg(LegRole role, String sipCallId, LegState initial) {
        SipLeg leg = new SipLeg(role, sipCallId, initial, Math.abs(s.clock().millis() ^ System.nanoTime()),
                (state, trigger) -> {
                    LOG.warn("call {} {} leg: {} not expected in {}", id, role, trigger, state);
                    s.metrics().unexpected("leg", state, trigger);
                });
        legs.add(leg);
        s.directory().bindSip(sipCallId, this, leg);
        return leg;
    }

    SipLeg legFor(String sipCallId) {
        for (SipLeg l : legs) {
            if (l.callId.equals(sipCallId)) {
                return l;
            }
        }
        return null;
    }

    CallPhase phase() {
        return fsm.state();
    }

    Snapshot.CallSnapshot view() {
        return view;
    }

    void publishView() {
        var state = fsm.state().linkState();
        if (state == null || !offered && fsm.is(CallPhase.ANSWERING)) {
            view = null;
            return;
        }
        view = new Snapshot.CallSnapshot(id, state, queue == null ? null : queue.id(),
                agent == null ? null : agent.agentId, agent == null ? null : agent.extension, callerNumber, startedAt,
                answeredAt, heldAt, monitor.snapshot(), recorder.snapshot());
    }

    /** Music for hold and queueing: the call's queue's, or the first queue's for outbound calls. */
    dev.cti.gateway.media.audio.Prompt holdMusic() {
        QueueConfig q = queue != null ? queue : s.config().queues().isEmpty() ? null : s.config().queues().get(0);
        return q == null ? null : s.prompts().music(q);
    }

    G711 customerCodec() {
        return caller == null ? G711.PCMU : caller.codecOr(G711.PCMU);
    }

    /** The negotiator for {@code leg}'s SDP: its codec preference and its SRTP stance ({@link SipLeg#security}). */
    SdpNegotiator negotiator(G711 preferred, SipLeg leg) {
        return new SdpNegotiator(s.rtpHost(), preferred == G711.PCMA ? List.of(G711.PCMA, G711.PCMU)
                : List.of(G711.PCMU, G711.PCMA), leg.security);
    }

    /**
     * Makes {@code leg} an SRTP leg when its SIP is TLS (fresh keys for every suite, network.sip.tls.srtp decides
     * whether a plain offer is refused); a plain leg stays plain and refuses SDES keys.
     */
    void secureIfTls(SipLeg leg, boolean tls) {
        if (tls) {
            leg.security = MediaSecurity.srtp(s.config().network().sip().tls().srtp()
                    == dev.cti.config.NetworkConfig.Tls.Srtp.OPTIONAL ? MediaSecurity.Mode.SRTP_OPTIONAL
                    : MediaSecurity.Mode.SRTP_REQUIRED, s.random());
        }
    }

    /** Before our offer leaves on an SRTP leg: its media drops everything until the answer brings the keys. */
    static void requireSrtpIfOffered(SipLeg leg) {
        if (leg.security.srtp() && leg.media != null) {
            leg.media.requireSrtp();
        }
    }

    // ---------------------------------------------------------------- what the parts change together

    /** From now on the server knows this call (its snapshot lists it; it gets a CallCleared). */
    void markOffered() {
        offered = true;
    }

    /** CallCleared, once, for a call the server knows: the wait until the answer (or now), the talk since. */
    void clearOnce(ClearCause cause, long now) {
        if (!offered || cleared) {
            return;
        }
        cleared = true;
        long answered = answeredAt != null ? answeredAt : now;
        emit(new CallCleared(id, cause, answered - startedAt, now - answered, now));
    }

    /** Back to a queue (a transfer to a queue): no agent, neither answered nor held any more. */
    void requeue(QueueConfig to) {
        agent = null;
        answeredAt = null;
        heldAt = null;
        queue = to;
        fsm.fire(CallTrigger.REQUEUE);
    }

    /** The customer hears the music on hold (hold, a transfer ringing out). */
    void musicToCaller() {
        s.media().play(caller.media, List.of(), holdMusic());
    }


    void playQueueTreatment(List<dev.cti.gateway.media.audio.Prompt> prompts) {
        if (caller != null && caller.media != null) {
            s.media().play(caller.media, prompts, holdMusic());
        }
    }

    // ---------------------------------------------------------------- commands

    void announce(int position, int estimatedWaitSeconds) {
        if (fsm.fire(CallTrigger.ANNOUNCE)) {
            playQueueTreatment(s.prompts().announcement(queue, position, estimatedWaitSeconds));
        }
    }

    /** HangUp from the server. */
    void hangUp(ClearCause cause) {
        end(cause == null ? ClearCause.SERVER_HANGUP : cause, null);
    }

    /** What a final response to an agent leg's INVITE means for the ring (AgentRingFailed). */
    static RingFailureReason reasonOf(int status) {
        return switch (status) {
            case Response.BUSY_HERE, Response.BUSY_EVERYWHERE -> RingFailureReason.BUSY;
            case Response.DECLINE -> RingFailureReason.REJECTED;
            case Response.REQUEST_TERMINATED -> RingFailureReason.CANCELLED;
            default -> RingFailureReason.UNREACHABLE;
        };
    }

    /** The RTP of one of the call's legs stopped: its far end vanished. */
    void onMediaInactive(MediaLeg media) {
        if (fsm.is(CallPhase.ENDED) || monitor.onMediaInactive(media)) {
            return;
        }
        boolean ours = legs.stream().anyMatch(l -> l.media == media && l.state().alive());
        if (ours) {
            LOG.info("call {}: no RTP for too long, clearing", id);
            end(ClearCause.RTP_TIMEOUT, null);
        }
    }

    // ---------------------------------------------------------------- ending

    /** Ends the call: every live leg but {@code except} is cancelled / BYEd / rejected, media released, once. */
    void end(ClearCause cause, SipLeg except) {
        boolean ringing = fsm.is(CallPhase.RINGING);
        if (!fsm.fire(CallTrigger.END)) {
            return;
        }
        delivery.cancelRingTimer();
        monitor.callEnded(); // MonitorEnded CALL_ENDED before CallCleared
        recorder.callEnded(); // before the customer's leg is released: the recording is finished from what it has
        if (ringing && agent != null && offered) {
            delivery.ringEndedWithCall(); // AgentRingFailed CANCELLED: the server reserved the agent for this ring
        }
        for (SipLeg leg : List.copyOf(legs)) {
            if (leg != except) {
                cancelOrBye(leg);
            }
            release(leg); // the call is over: late answers to a CANCEL/BYE are dropped by the B2BUA
        }
        permit.close();
        clearOnce(cause, now());
        s.metrics().callEnded(cause);
        LOG.info("call {} ended: {}", id, cause);
        publishView();
        s.directory().removed(this);
    }

    /** Ends one leg the way its state needs: 480 before an answer, CANCEL while ringing, BYE when established. */
    void cancelOrBye(SipLeg leg) {
        switch (leg.state()) {
            case OFFERED -> {
                try {
                    leg.inviteServer.sendResponse(s.sip().messenger().createResponse(leg.inviteServer.getRequest(),
                            Response.TEMPORARILY_UNAVAILABLE));
                } catch (SipException | javax.sip.InvalidArgumentException | RuntimeException e) {
                    LOG.debug("call {}: cannot reject the {} leg: {}", id, leg.role, e.toString());
                }
                leg.fsm.fire(LegTrigger.REJECT_SENT);
            }
            case CALLING, EARLY -> {
                leg.fsm.fire(LegTrigger.CANCEL_SENT);
                if (leg.inviteClient == null) {
                    leg.fsm.fire(LegTrigger.FAILURE); // INVITE never sent (still allocating RTP)
                    return;
                }
                try {
                    s.sip().cancel(leg.inviteClient);
                } catch (SipException | RuntimeException e) {
                    // CANCEL before any provisional is not allowed (RFC 3261 9.1); the INVITE times out instead.
                    LOG.debug("call {}: cannot CANCEL the {} leg: {}", id, leg.role, e.toString());
                }
            }
            case ANSWERED, CONFIRMED -> sendBye(leg);
            default -> { }
        }
    }

    void sendBye(SipLeg leg) {
        if (leg.fsm.fire(LegTrigger.BYE_SENT)) {
            byeOnly(leg);
        }
    }

    /** A BYE on a leg whose machine is TERMINATING already (a late answer); a trunk's challenge is answered. */
    void byeOnly(SipLeg leg) {
        try {
            s.sip().bye(leg.dialog, trunkAuth.byeChallenges(leg));
        } catch (SipException | RuntimeException e) {
            LOG.info("call {}: cannot BYE the {} leg: {}", id, leg.role, e.toString());
            leg.fsm.fire(LegTrigger.TIMEOUT);
            release(leg);
        }
    }

    /** Frees a leg's RTP ports and forgets its SIP Call-ID once it is over. */
    void release(SipLeg leg) {
        sessions.cancel(leg);
        if (leg.media != null) {
            s.directory().unbindMedia(leg.media);
            s.media().release(leg.media);
        }
        if (!leg.state().alive() && leg.fsm.is(LegState.TERMINATED)) {
            s.directory().unbindSip(leg.callId);
        }
    }

    void emit(dev.cti.link.message.LinkEvent event) {
        s.events().accept(event);
    }

    /** Runs {@code task} on the call's executor after {@code seconds} (ring timeouts). */
    ScheduledFuture<?> schedule(Runnable task, int seconds) {
        return s.timers().schedule(() -> executor.execute(task), seconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    long now() {
        return s.clock().millis();
    }

    @Override
    public String toString() {
        return "Call[" + id + " " + fsm.state() + "]";
    }
}
